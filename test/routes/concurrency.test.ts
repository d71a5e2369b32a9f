import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createCustomer, createDraft, expectError, newAccount, rawFetch, seedInvoiceBody } from "../helpers/api";

const invoiceCount = async (accountId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE account_id = ?").bind(accountId).first<{ n: number }>())!.n;

describe("numbering under concurrency", () => {
  it("50 concurrent finalizations of 50 drafts give INV-2024-0001..0050, each once", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const drafts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createDraft(api, customer, { line_items: [{ description: `#${i}`, quantity: 1, unit_price: 100 + i }] })),
    );
    const results = await Promise.all(drafts.map((d) => api.post(`/v1/invoices/${d.id}/finalize`)));
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const numbers = results.map((r) => r.body.invoice_number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `INV-2024-${String(i + 1).padStart(4, "0")}`));
    const seq = await env.DB.prepare("SELECT last_value FROM invoice_sequences WHERE series = 'INV-2024'").first<{ last_value: number }>();
    expect(seq!.last_value).toBe(50);
  }, 20_000);

  it("10 concurrent finalizations of one draft: one 200, nine 409, and the next draft gets the next number", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const first = await createDraft(api, customer);
    const results = await Promise.all(Array.from({ length: 10 }, () => api.post(`/v1/invoices/${first.id}/finalize`)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.body.invoice_number).toBe("INV-2024-0001");
    for (const r of results.filter((r) => r.status !== 200)) expectError(r, 409, { type: "conflict_error" });
    expect((await api.get(`/v1/invoices/${first.id}`)).body.invoice_number).toBe("INV-2024-0001");
    const events = (await api.get(`/v1/invoices/${first.id}/events`)).body.data.filter((e: any) => e.type === "invoice.finalized");
    expect(events).toHaveLength(1);

    const next = await createDraft(api, customer);
    expect((await api.post(`/v1/invoices/${next.id}/finalize`)).body.invoice_number).toBe("INV-2024-0002");
  });
});

describe("Idempotency-Key", () => {
  it("20 concurrent POSTs with one key create one invoice; the others replay it or get 409 in use", async () => {
    const { api, accountId } = await newAccount();
    const customer = await createCustomer(api);
    const body = seedInvoiceBody(customer);
    const headers = { "Idempotency-Key": "create-once-1" };
    const results = await Promise.all(Array.from({ length: 20 }, () => api.post("/v1/invoices", body, headers)));
    expect(await invoiceCount(accountId)).toBe(1);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const ids = new Set(created.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(created.filter((r) => r.headers.get("Idempotent-Replayed") !== "true")).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) {
      expectError(r, 409, { type: "idempotency_error", code: "idempotency_key_in_use" });
      expect(r.headers.get("Retry-After")).toBeTruthy();
    }
  });

  it("replays the identical response after completion, and refuses the key with another body", async () => {
    const { apiKey, api, accountId } = await newAccount();
    const customer = await createCustomer(api);
    const post = (body: unknown, key: string) =>
      rawFetch("/v1/invoices", {
        method: "POST",
        headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", "Idempotency-Key": key },
        body: JSON.stringify(body),
      });
    const body = seedInvoiceBody(customer);
    const first = await post(body, "k-1");
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const again = await post(body, "k-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.text).toBe(first.text);
    expect(await invoiceCount(accountId)).toBe(1);

    expectError(await post({ ...body, notes: "different" }, "k-1"), 400, { code: "idempotency_key_reused" });
    expect(await invoiceCount(accountId)).toBe(1);

    // A new key is a new request.
    expect((await post(body, "k-2")).status).toBe(201);
    expect(await invoiceCount(accountId)).toBe(2);
  });

  it("replays a finalization instead of answering 409, and keys are per account", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const draft = await createDraft(api, customer);
    const headers = { "Idempotency-Key": "fin-1" };
    const once = await api.post(`/v1/invoices/${draft.id}/finalize`, undefined, headers);
    const twice = await api.post(`/v1/invoices/${draft.id}/finalize`, undefined, headers);
    expect(once.status).toBe(200);
    expect(twice.status).toBe(200);
    expect(twice.body).toEqual(once.body);

    const other = await newAccount();
    const otherCustomer = await createCustomer(other.api);
    const sameKey = await other.api.post("/v1/invoices", seedInvoiceBody(otherCustomer), headers);
    expect(sameKey.status).toBe(201);
    expect(sameKey.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("refuses a malformed key", async () => {
    const { api } = await newAccount();
    expectError(await api.post("/v1/customers", { name: "x" }, { "Idempotency-Key": "x".repeat(256) }), 400, { param: "Idempotency-Key" });
  });
});
