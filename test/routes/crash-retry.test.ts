import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiClient, createCustomer, createDraft, createFinalized, newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";
import { loseAnswer } from "../helpers/lost-answer";

/*
 * "Committed, answer lost": each keyed POST runs, then its stored answer is taken back to what
 * a crash before the middleware's store leaves, and the retry with the same key must give the
 * first result (same status, same body) without doing the work twice.
 */

type Account = Awaited<ReturnType<typeof newAccount>>;

async function runTwice(acct: Account, path: string, body: unknown, key: string, between?: () => Promise<unknown>) {
  const first = await acct.api.post(path, body, { "Idempotency-Key": key });
  expect(first.status, JSON.stringify(first.body)).toBeLessThan(300);
  await loseAnswer(acct.accountId, key);
  await between?.();
  const retry = await acct.api.post(path, body, { "Idempotency-Key": key });
  expect(retry.headers.get("Idempotent-Replayed"), "the retry ran the handler again").toBeNull();
  return { first, retry };
}

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;
const numbers = async (accountId: string) =>
  (await env.DB.prepare("SELECT number FROM invoices WHERE account_id = ? AND number IS NOT NULL ORDER BY number").bind(accountId).all()).results.map(
    (r) => r.number,
  );

describe("a keyed POST whose answer was lost gives its first result to a retry", () => {
  it.each(["finalize", "void", "mark_uncollectible"] as const)("%s", async (action) => {
    const acct = await newAccount();
    const customer = await createCustomer(acct.api);
    const inv = action === "finalize" ? await createDraft(acct.api, customer) : await createFinalized(acct.api, customer);
    const { first, retry } = await runTwice(acct, `/v1/invoices/${inv.id}/${action}`, {}, `${action}-1`);
    expect(retry.status, JSON.stringify(retry.body)).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE object_id = ? AND type LIKE 'invoice.%ed'", inv.id)).toBeGreaterThan(0);
    expect(await numbers(acct.accountId)).toEqual([first.body.invoice_number]);
  });

  it("finalize, even after the invoice moved on (paid) before the retry", async () => {
    const acct = await newAccount();
    const inv = await createDraft(acct.api, await createCustomer(acct.api));
    const { first, retry } = await runTwice(acct, `/v1/invoices/${inv.id}/finalize`, {}, "fin-then-paid", () =>
      acct.api.post(`/v1/invoices/${inv.id}/payments`, { amount: inv.total_amount }),
    );
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body).toMatchObject({ id: inv.id, invoice_number: first.body.invoice_number, status: "paid" });
  });

  it("the same key after its 24 h is a new request: finalizing a finalized invoice again is a conflict", async () => {
    const acct = await newAccount();
    const inv = await createDraft(acct.api, await createCustomer(acct.api));
    expect((await acct.api.post(`/v1/invoices/${inv.id}/finalize`, {}, { "Idempotency-Key": "old-key" })).status).toBe(200);
    // The key has expired (the maintenance cron forgets it) and its event is older than a day.
    await env.DB.prepare("DELETE FROM idempotency_keys WHERE account_id = ? AND key = 'old-key'").bind(acct.accountId).run();
    await env.DB.prepare("UPDATE events SET created_at = '2020-01-01T00:00:00.000Z' WHERE object_id = ?").bind(inv.id).run();
    const again = await acct.api.post(`/v1/invoices/${inv.id}/finalize`, {}, { "Idempotency-Key": "old-key" });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.error.code).toBe("invoice_status_conflict");
  });

  it("another key's finalize of a finalized invoice is still a conflict", async () => {
    const acct = await newAccount();
    const inv = await createFinalized(acct.api, await createCustomer(acct.api));
    const other = await acct.api.post(`/v1/invoices/${inv.id}/finalize`, {}, { "Idempotency-Key": "someone-else" });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("invoice_status_conflict");
  });

  it("create (draft)", async () => {
    const acct = await newAccount();
    const body = seedInvoiceBody(await createCustomer(acct.api));
    const { first, retry } = await runTwice(acct, "/v1/invoices", body, "create-1");
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await count("SELECT COUNT(*) AS n FROM invoices WHERE account_id = ?", acct.accountId)).toBe(1);
  });

  it("create with send_email: one invoice, one number, one email", async () => {
    const acct = await newAccount();
    const body = { ...seedInvoiceBody(await createCustomer(acct.api)), send_email: true };
    const { first, retry } = await runTwice(acct, "/v1/invoices", body, "create-send-1");
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await count("SELECT COUNT(*) AS n FROM deliveries WHERE account_id = ?", acct.accountId)).toBe(1);
    expect(await numbers(acct.accountId)).toEqual([first.body.invoice_number]);
  });

  it.each([
    ["on the invoice's path", (id: string) => [`/v1/invoices/${id}/payments`, { amount: 1000 }] as const],
    ["Stateset-style", (id: string) => ["/v1/payments", { invoice_id: id, amount: 1000 }] as const],
  ])("payment %s: applied once", async (_name, request) => {
    const acct = await newAccount();
    const inv = await createFinalized(acct.api, await createCustomer(acct.api));
    const [path, body] = request(inv.id);
    const { first, retry } = await runTwice(acct, path, body, "pay-1");
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect((await acct.api.get(`/v1/invoices/${inv.id}`)).body.amount_paid).toBe(1000);
  });

  it("send: one email, and the first answer even after the invoice was paid in between", async () => {
    const acct = await newAccount();
    const inv = await createFinalized(acct.api, await createCustomer(acct.api));
    const { first, retry } = await runTwice(acct, `/v1/invoices/${inv.id}/send`, {}, "send-1", () =>
      acct.api.post(`/v1/invoices/${inv.id}/payments`, { amount: inv.total_amount }),
    );
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body.email_details).toEqual(first.body.email_details);
    expect(retry.body).toMatchObject({ id: inv.id, sent_count: 1, status: "paid" });
    expect(await count("SELECT COUNT(*) AS n FROM deliveries WHERE invoice_id = ?", inv.id)).toBe(1);
  });

  it("remind: one reminder, and the first answer even after the invoice was paid in between", async () => {
    const acct = await newAccount();
    const inv = await createFinalized(acct.api, await createCustomer(acct.api));
    const { first, retry } = await runTwice(acct, `/v1/invoices/${inv.id}/remind`, {}, "remind-1", () =>
      acct.api.post(`/v1/invoices/${inv.id}/payments`, { amount: inv.total_amount }),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body.email_details).toEqual(first.body.email_details);
    expect(retry.body).toMatchObject({ id: inv.id, reminders_sent: first.body.reminders_sent, status: "paid" });
    expect(await count("SELECT COUNT(*) AS n FROM deliveries WHERE invoice_id = ?", inv.id)).toBe(1);
  });

  it("send of a draft: finalized and emailed once", async () => {
    const acct = await newAccount();
    const inv = await createDraft(acct.api, await createCustomer(acct.api));
    const { first, retry } = await runTwice(acct, `/v1/invoices/${inv.id}/send`, {}, "send-draft-1");
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await count("SELECT COUNT(*) AS n FROM deliveries WHERE invoice_id = ?", inv.id)).toBe(1);
  });

  it("customer create: the same customer, not a second one", async () => {
    const acct = await newAccount();
    const { first, retry } = await runTwice(acct, "/v1/customers", seedCustomer, "cust-1");
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await count("SELECT COUNT(*) AS n FROM customers WHERE account_id = ?", acct.accountId)).toBe(1);
  });

  it("api key create: the secret is never stored, so the retry is a success as if first, with a working key", async () => {
    const acct = await newAccount();
    const { first, retry } = await runTwice(acct, "/v1/api_keys", { name: "ci", scopes: ["invoices:read"] }, "mint-1");
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ object: "api_key", name: "ci", scopes: ["invoices:read"], secret: expect.any(String) });
    const works = await apiClient(retry.body.secret).get("/v1/invoices");
    expect(works.status).toBe(200);
    expect(first.body.secret).toEqual(expect.any(String));
  });
});
