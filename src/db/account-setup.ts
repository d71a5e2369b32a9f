import type { Scope } from "../env";
import { newId } from "../ids";
import { createApiKey } from "./api-key-queries";
import type { Db } from "./client";
import { accounts } from "./schema";

export type NewAccount = { name: string; email?: string | null; scopes?: Scope[] } & Partial<typeof accounts.$inferInsert>;

/** Creates an account with its first API key; the key's secret is in the result only. */
export async function createAccountWithKey(db: Db, input: NewAccount) {
  const now = new Date().toISOString();
  const { scopes = ["*"], ...fields } = input;
  const id = newId("acct");
  await db.insert(accounts).values({ ...fields, id, name: input.name, email: input.email ?? null, createdAt: now, updatedAt: now });
  const key = await createApiKey(db, id, { name: "default", scopes });
  return { accountId: id, apiKey: key.secret, keyId: key.id, keySecret: key.key_secret };
}
