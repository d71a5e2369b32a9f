import { env, exports } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import { createAccountWithKey, type NewAccount } from "../../src/db/account-setup";
import { createApiKey } from "../../src/db/api-key-queries";
import type { Scope } from "../../src/env";
import { seedCustomer, seedInvoiceBody } from "./seed";

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

export { seedCustomer, seedInvoiceBody };

export type ApiResponse = Awaited<ReturnType<Api["get"]>>;

/** A request with whatever Authorization header (or none) the test wants. */
export async function rawFetch(path: string, init: RequestInit = {}) {
  const res = await exports.default.fetch(`https://api.test${path}`, init);
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers, text };
}

/** Asserts the one error envelope (DESIGN §4) with the given status and, when given, code/param. */
export function expectError(res: ApiResponse, status: number, expected: { type?: string; code?: string; param?: string } = {}) {
  const detail = JSON.stringify(res.body);
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${detail}`);
  const error = res.body?.error;
  if (!error || typeof error.message !== "string" || !/^req_/.test(error.request_id ?? "")) throw new Error(`not an error envelope: ${detail}`);
  for (const [k, v] of Object.entries(expected))
    if (error[k] !== v) throw new Error(`expected error.${k} = ${JSON.stringify(v)}, got ${JSON.stringify(error[k])}: ${detail}`);
  return error as { type: string; code: string; message: string; param?: string; request_id: string };
}

/** Creates a customer (seed's Acme unless overridden) and returns its id. */
export async function createCustomer(api: Api, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post("/v1/customers", { ...seedCustomer, ...overrides });
  if (res.status !== 201) throw new Error(`customer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Creates a draft invoice from the seed body with overrides; returns the invoice. */
export async function createDraft(api: Api, customerId: string, overrides: Record<string, unknown> = {}) {
  const res = await api.post("/v1/invoices", { ...seedInvoiceBody(customerId), ...overrides });
  if (res.status !== 201) throw new Error(`invoice: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates and finalizes an invoice; returns the finalized invoice. */
export async function createFinalized(api: Api, customerId: string, overrides: Record<string, unknown> = {}) {
  const draft = await createDraft(api, customerId, overrides);
  const res = await api.post(`/v1/invoices/${draft.id}/finalize`);
  if (res.status !== 200) throw new Error(`finalize: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
