/*
 * Accounts for the Sequence route tests: the merchant of seed 003 (its address, phone, tax id
 * and bank details) and API keys to call as it, by Bearer token or by Basic credentials.
 */
import { env } from "cloudflare:workers";
import { createAccountWithKey } from "../../src/db/account-setup";
import { createApiKey } from "../../src/db/api-key-queries";
import { createDb } from "../../src/db/client";
import type { Scope } from "../../src/env";
import { seedAccount } from "./sequence-fixtures";

export type TestKey = { id: string; bearer: string; basic: string };

/** Creates seed 003's merchant; returns its id. */
export async function createSeedMerchant(): Promise<string> {
  const a = seedAccount();
  const { accountId } = await createAccountWithKey(createDb(env.DB), {
    name: a.name,
    legalName: a.legal_name,
    email: a.email,
    phone: a.phone,
    address: a.address,
    taxId: a.tax_id,
    bankDetails: a.bank_details,
    invoicePrefix: "INV",
    defaultCurrency: "GBP",
    paymentLinkDisplay: a.payment_link_display,
  });
  return accountId;
}

export async function createKey(accountId: string, scopes: Scope[]): Promise<TestKey> {
  const key = await createApiKey(createDb(env.DB), accountId, { name: "test", scopes });
  return { id: key.id, bearer: `Bearer ${key.secret}`, basic: `Basic ${btoa(`${key.id}:${key.key_secret}`)}` };
}
