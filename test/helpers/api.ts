import { env, exports } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import { createAccountWithKey, type NewAccount } from "../../src/db/account-setup";
import { createApiKey } from "../../src/db/api-key-queries";
import type { Scope } from "../../src/env";

export type Api = ReturnType<typeof apiClient>;

/** A tiny client over the worker's own fetch handler, authenticated with one key. */
export function apiClient(apiKey: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await exports.default.fetch(`https://api.test${path}`, {
      method,
      headers: { Authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call("GET", path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call("POST", path, body ?? {}, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => call("PATCH", path, body, headers),
    delete: (path: string, headers?: Record<string, string>) => call("DELETE", path, undefined, headers),
  };
}

export async function newAccount(input: Partial<NewAccount> = {}) {
  const db = createDb(env.DB);
  const created = await createAccountWithKey(db, { name: "Stateset", email: "billing@stateset.test", ...input });
  return { ...created, api: apiClient(created.apiKey) };
}

export async function keyWithScopes(accountId: string, scopes: Scope[]) {
  const key = await createApiKey(createDb(env.DB), accountId, { name: "scoped", scopes });
  return apiClient(key.secret);
}

/** The seed 001 request body, for a given customer. */
export function seedInvoiceBody(customerId: string) {
  return {
    customer_id: customerId,
    issue_date: "2024-01-19",
    due_date: "2024-02-18",
    currency: "USD",
    line_items: [
      { description: "Professional Services - January 2024", quantity: 40, unit_price: 15000, tax_rate: 0.08 },
      { description: "Software License", quantity: 5, unit_price: 9900, product_id: "prod_xyz789" },
    ],
    payment_terms: "Net 30",
  };
}

export const seedCustomer = {
  name: "Acme Corporation",
  email: "billing@acme.com",
  billing_address: { line1: "123 Business St", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" },
};
