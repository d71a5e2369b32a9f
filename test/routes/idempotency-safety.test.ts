import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createCustomer, createFinalized, expectError, keyWithScopes, newAccount } from "../helpers/api";

describe("idempotency never leaks what a key may not see", () => {
  it("stores no copy of a new API key's secret and does not replay it", async () => {
    const { api, accountId } = await newAccount();
    const created = await api.post("/v1/api_keys", { name: "ci", scopes: ["invoices:read"] }, { "Idempotency-Key": "mint-1" });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    const row = await env.DB.prepare("SELECT response_body FROM idempotency_keys WHERE account_id = ? AND key = 'mint-1'")
      .bind(accountId)
      .first<{ response_body: string }>();
    expect(row?.response_body).not.toContain(secret);
    expect(row?.response_body).not.toContain(created.body.key_secret);
    const replay = await api.post("/v1/api_keys", { name: "ci", scopes: ["invoices:read"] }, { "Idempotency-Key": "mint-1" });
    expectError(replay, 409, { code: "secret_not_replayed" });
    expect(JSON.stringify(replay.body)).not.toContain(created.body.key_secret);
    expect((await api.get("/v1/api_keys")).body.data.filter((k: { name: string }) => k.name === "ci")).toHaveLength(1);
  });

  it("replays a stored response only to the key that made the request", async () => {
    const { api, accountId } = await newAccount();
    const customer = await createCustomer(api);
    const first = await api.post("/v1/customers", { name: "Once" }, { "Idempotency-Key": "shared-key" });
    expect(first.status).toBe(201);
    const reader = await keyWithScopes(accountId, ["customers:read"]);
    expectError(await reader.post("/v1/customers", { name: "Once" }, { "Idempotency-Key": "shared-key" }), 400, { code: "idempotency_key_reused" });
    expect(customer).toBeTruthy();
  });
});

describe("retries after a released key repeat nothing", () => {
  it("a payment retried with its key after the key was released is applied once", async () => {
    const { api, accountId } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    const first = await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 1000 }, { "Idempotency-Key": "pay-1" });
    expect(first.status).toBe(201);
    // What a 5xx after the commit does: the middleware forgets the key.
    await env.DB.prepare("DELETE FROM idempotency_keys WHERE account_id = ? AND key = 'pay-1'").bind(accountId).run();
    const retried = await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 1000 }, { "Idempotency-Key": "pay-1" });
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(first.body.id);
    expect(retried.body.invoice.amount_paid).toBe(1000);
    expect((await api.get(`/v1/invoices/${inv.id}/payments`)).body.data).toHaveLength(1);
  });

  it("an invoice create retried with its key after the key was released creates one invoice", async () => {
    const { api, accountId } = await newAccount();
    const customer = await createCustomer(api);
    const body = { customer_id: customer, line_items: [{ description: "Work", quantity: 1, unit_price: 1000 }] };
    const first = await api.post("/v1/invoices", body, { "Idempotency-Key": "inv-1" });
    await env.DB.prepare("DELETE FROM idempotency_keys WHERE account_id = ? AND key = 'inv-1'").bind(accountId).run();
    const retried = await api.post("/v1/invoices", body, { "Idempotency-Key": "inv-1" });
    expect(retried.body.id).toBe(first.body.id);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE account_id = ?").bind(accountId).first<{ n: number }>();
    expect(count?.n).toBe(1);
  });
});

describe("a send that cannot be delivered changes nothing", () => {
  it("a bad address on a draft's send is a 400 and the draft keeps no number", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const draft = await api.post("/v1/invoices", { customer_id: customer, line_items: [{ description: "Work", quantity: 1, unit_price: 1000 }] });
    expectError(await api.post(`/v1/invoices/${draft.body.id}/send`, { cc: ["not an address"] }), 400, { param: "cc.0" });
    expect((await api.get(`/v1/invoices/${draft.body.id}`)).body).toMatchObject({ status: "draft", invoice_number: null });
    const next = await api.post(`/v1/invoices/${draft.body.id}/finalize`);
    expect(next.body.invoice_number).toMatch(/-0001$/);
  });
});
