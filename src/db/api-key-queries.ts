import { and, desc, eq, isNull } from "drizzle-orm";
import { formatBearerToken, newApiKeySecret, sha256Hex } from "../auth/api-key-token";
import type { Scope } from "../env";
import { newId } from "../ids";
import type { Db } from "./client";
import { apiKeys } from "./schema";

export type ApiKeyView = {
  id: string;
  object: "api_key";
  name: string | null;
  scopes: Scope[];
  /** Last four characters of the secret, so a person can tell keys apart. */
  last_four: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: row.id,
    object: "api_key",
    name: row.name,
    scopes: row.scopes as Scope[],
    last_four: row.lastFour,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    revoked_at: row.revokedAt,
  };
}

/** Creates a key; the returned `secret` (the Bearer token) exists only in this response. */
export async function createApiKey(db: Db, accountId: string, input: { name?: string | null; scopes: Scope[] }) {
  const id = newId("key");
  const secret = newApiKeySecret();
  const row = {
    id,
    accountId,
    name: input.name ?? null,
    secretHash: await sha256Hex(secret),
    lastFour: secret.slice(-4),
    scopes: input.scopes,
    createdAt: new Date().toISOString(),
  };
  await db.insert(apiKeys).values(row);
  return { ...toApiKey({ ...row, lastUsedAt: null, revokedAt: null }), secret: formatBearerToken(id, secret), key_secret: secret };
}

export async function listApiKeys(db: Db, accountId: string) {
  const rows = await db.query.apiKeys.findMany({
    where: eq(apiKeys.accountId, accountId),
    orderBy: [desc(apiKeys.createdAt), desc(apiKeys.id)],
  });
  return rows.map(toApiKey);
}

/** Revokes a key of this account; null when there is no such (unrevoked) key. */
export async function revokeApiKey(db: Db, accountId: string, keyId: string): Promise<ApiKeyView | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
    .returning();
  return row ? toApiKey(row) : null;
}

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function findApiKey(db: Db, keyId: string): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId)).limit(1);
  return row ?? null;
}

export async function touchApiKey(db: Db, keyId: string, at: string): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, keyId));
}
