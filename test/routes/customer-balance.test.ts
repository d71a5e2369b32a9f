import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Api, createCustomer, createDraft, expectError, keyWithScopes, newAccount } from "../helpers/api";
import { armed } from "../helpers/scheduler";

const FUTURE_DUE = { issue_date: "2099-01-01", due_date: "2099-01-31" };

/** One untaxed line of `amount` minor units, in `currency`. */
const oneLine = (amount: number, currency = "USD") => ({
  ...FUTURE_DUE,
  currency,
  line_items: [{ description: "Support", quantity: 1, unit_price: amount }],
});

/**
 * A customer whose paid seed invoice (697500 USD) was corrected by a note on its second line
 * (49500, untaxed), all of it credited to the customer's balance.
 */
async function customerWithCredit(api: Api) {
  const customerId = await createCustomer(api);
  const paid = (await api.post(`/v1/invoices/${(await createDraft(api, customerId)).id}/finalize`)).body;
  expect((await api.post(`/v1/invoices/${paid.id}/payments`, { amount: 697500 })).status).toBe(201);
  const note = await api.post("/v1/credit_notes", {
    invoice_id: paid.id,
    lines: [{ invoice_line_item_id: paid.line_items[1].id }],
    credit_amount: 49500,
    reason: "product_unsatisfactory",
  });
  expect(note.status, JSON.stringify(note.body)).toBe(201);
  return { customerId, paid, note: note.body };
}

const transactions = async (api: Api, customerId: string) => (await api.get(`/v1/customers/${customerId}/balance_transactions?limit=100`)).body.data;

const balanceEvents = async (customerId: string) =>
  (
    await env.DB.prepare("SELECT data FROM events WHERE object_id = ? AND type = 'customer.balance_updated' ORDER BY created_at, id")
      .bind(customerId)
      .all<{ data: string }>()
  ).results.map((r) => JSON.parse(r.data));

describe("the customer's balance applied at finalization", () => {
  it("a paid invoice's note with credit_amount raises the balance; the next USD invoice applies it, a EUR one does not", async () => {
    const { api } = await newAccount();
    const { customerId, note } = await customerWithCredit(api);
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 49500 });

    const eur = (await api.post(`/v1/invoices/${(await createDraft(api, customerId, { currency: "EUR" })).id}/finalize`)).body;
    expect(eur).toMatchObject({ status: "finalized", applied_balance: 0, amount_due: 697500 });

    const usd = await api.post(`/v1/invoices/${(await createDraft(api, customerId)).id}/finalize`);
    expect(usd.status, JSON.stringify(usd.body)).toBe(200);
    expect(usd.body).toMatchObject({ status: "partially_paid", applied_balance: 49500, amount_due: 648000, amount_paid: 0, paid_at: null });
    expect(usd.body.customer.credit_balances).toEqual({ USD: 0 });
    expect((await api.get(`/v1/invoices/${usd.body.id}`)).body).toMatchObject({ applied_balance: 49500, amount_due: 648000 });
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 0 });

    expect(await transactions(api, customerId)).toEqual([
      expect.objectContaining({ type: "applied_to_invoice", amount: -49500, currency: "USD", invoice_id: usd.body.id, credit_note_id: null }),
      expect.objectContaining({ type: "credit_note", amount: 49500, currency: "USD", credit_note_id: note.id }),
    ]);
    const [, applied] = await balanceEvents(customerId);
    expect(applied).toMatchObject({ object: { id: customerId, credit_balances: { USD: 0 } }, amount: -49500, invoice_id: usd.body.id });
    // The finalization's own event shows the invoice as it was written, balance applied.
    const finalized = (await api.get(`/v1/invoices/${usd.body.id}/events`)).body.data.find((e: any) => e.type === "invoice.finalized");
    expect(finalized.data.object).toMatchObject({ applied_balance: 49500, amount_due: 648000, invoice_number: usd.body.invoice_number });
  });

  it("an invoice the balance settles in full is paid at once (also when a send finalizes it): paid_at, invoice.paid, no schedule", async () => {
    const { api } = await newAccount();
    const { customerId } = await customerWithCredit(api);
    const draft = await createDraft(api, customerId, oneLine(10000));
    const sent = await api.post(`/v1/invoices/${draft.id}/send`, {});
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ status: "paid", applied_balance: 10000, amount_due: 0, next_reminder_date: null, sent_count: 1 });
    expect(sent.body.paid_at).toBe(sent.body.finalized_at);
    expect(await armed(draft.id)).toBeNull();
    const types = (await api.get(`/v1/invoices/${draft.id}/events`)).body.data.map((e: any) => e.type);
    expect(types).toEqual(["invoice.created", "invoice.finalized", "invoice.paid", "invoice.sent"]);
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 39500 });
    // Paid by the balance: no payment is due, so none is accepted.
    expect((await api.post(`/v1/invoices/${draft.id}/payments`, { amount: 1 })).status).toBe(409);
  });

  it("applies nothing to an invoice totalling zero", async () => {
    const { api } = await newAccount();
    const { customerId } = await customerWithCredit(api);
    const zero = await api.post(`/v1/invoices/${(await createDraft(api, customerId, oneLine(0))).id}/finalize`);
    expect(zero.body).toMatchObject({ status: "paid", total_amount: 0, applied_balance: 0, amount_due: 0 });
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 49500 });
    expect(await transactions(api, customerId)).toHaveLength(1);
  });

  it("five invoices finalized at once spend the balance once: 49500 over 20000 each", async () => {
    const { api } = await newAccount();
    const { customerId } = await customerWithCredit(api);
    const drafts = await Promise.all(Array.from({ length: 5 }, () => createDraft(api, customerId, oneLine(20000))));
    const finalized = await Promise.all(drafts.map((d) => api.post(`/v1/invoices/${d.id}/finalize`)));
    expect(finalized.map((f) => f.status)).toEqual(Array(5).fill(200));
    const applied = finalized.map((f) => f.body.applied_balance).sort((a, b) => b - a);
    expect(applied).toEqual([20000, 20000, 9500, 0, 0]);
    for (const f of finalized) expect(f.body.amount_due).toBe(20000 - f.body.applied_balance);
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 0 });
    const txns = await transactions(api, customerId);
    expect(txns.reduce((s: number, t: any) => s + t.amount, 0)).toBe(0);
    expect(txns.filter((t: any) => t.type === "applied_to_invoice")).toHaveLength(3);
    const numbers = finalized.map((f) => f.body.invoice_number).sort();
    expect(new Set(numbers).size).toBe(5);
  });

  it("refuses to void an invoice the balance paid part of (409): a credit note returns the balance instead", async () => {
    const { api } = await newAccount();
    const { customerId } = await customerWithCredit(api);
    const usd = (await api.post(`/v1/invoices/${(await createDraft(api, customerId)).id}/finalize`)).body;
    expect((await api.post(`/v1/invoices/${usd.id}/mark_uncollectible`)).body.status).toBe("uncollectible");
    expectError(await api.post(`/v1/invoices/${usd.id}/void`), 409, { code: "invoice_has_applied_balance" });
    expect((await api.get(`/v1/invoices/${usd.id}`)).body).toMatchObject({ status: "uncollectible", applied_balance: 49500, voided_at: null });

    const back = await api.post("/v1/credit_notes", {
      invoice_id: usd.id,
      lines: usd.line_items.map((l: any) => ({ invoice_line_item_id: l.id })),
      credit_amount: 49500,
      reason: "duplicate",
    });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body).toMatchObject({ due_amount: 648000, credit_amount: 49500 });
    expect(back.body.invoice).toMatchObject({ status: "paid", amount_due: 0 });
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 49500 });
  });
});

describe("GET /v1/customers/:id/balance_transactions", () => {
  it("lists newest first, pages with cursors, sums to credit_balances", async () => {
    const { api } = await newAccount();
    const { customerId } = await customerWithCredit(api);
    for (const amount of [1000, 2000]) await api.post(`/v1/invoices/${(await createDraft(api, customerId, oneLine(amount))).id}/finalize`);
    const all = await api.get(`/v1/customers/${customerId}/balance_transactions`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ object: "list", has_more: false, url: `/v1/customers/${customerId}/balance_transactions` });
    expect(all.body.data.map((t: any) => t.amount)).toEqual([-2000, -1000, 49500]);
    expect(Object.keys(all.body.data[0]).sort()).toEqual(
      ["amount", "created_at", "credit_note_id", "currency", "customer_id", "id", "invoice_id", "object", "type"].sort(),
    );
    expect(all.body.data[0]).toMatchObject({ object: "customer_balance_transaction", customer_id: customerId });
    const sum = all.body.data.reduce((s: number, t: any) => s + t.amount, 0);
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: sum });

    const first = await api.get(`/v1/customers/${customerId}/balance_transactions?limit=1`);
    expect(first.body).toMatchObject({ has_more: true, data: [{ id: all.body.data[0].id }] });
    const rest = await api.get(`/v1/customers/${customerId}/balance_transactions?limit=5&starting_after=${first.body.data[0].id}`);
    expect(rest.body.data.map((t: any) => t.id)).toEqual(all.body.data.slice(1).map((t: any) => t.id));
    const back = await api.get(`/v1/customers/${customerId}/balance_transactions?ending_before=${all.body.data[2].id}`);
    expect(back.body.data.map((t: any) => t.id)).toEqual(all.body.data.slice(0, 2).map((t: any) => t.id));
  });

  it("answers an empty list for a customer without a balance; 404 for another account's customer; 400 for another customer's cursor", async () => {
    const { api } = await newAccount();
    const { customerId } = await customerWithCredit(api);
    const plain = await createCustomer(api, { name: "Plain" });
    expect((await api.get(`/v1/customers/${plain}/balance_transactions`)).body).toMatchObject({ data: [], has_more: false });
    const [txn] = await transactions(api, customerId);
    expectError(await api.get(`/v1/customers/${plain}/balance_transactions?starting_after=${txn.id}`), 400, { param: "starting_after" });

    const other = await newAccount();
    expectError(await other.api.get(`/v1/customers/${customerId}/balance_transactions`), 404);
    expectError(await other.api.get("/v1/customers/cust_nope/balance_transactions"), 404);
  });

  it("needs customers:read", async () => {
    const { api, accountId } = await newAccount();
    const customerId = await createCustomer(api);
    expectError(await (await keyWithScopes(accountId, ["invoices:read"])).get(`/v1/customers/${customerId}/balance_transactions`), 403);
    expect((await (await keyWithScopes(accountId, ["customers:read"])).get(`/v1/customers/${customerId}/balance_transactions`)).status).toBe(200);
  });
});
