import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Api, createCustomer, createDraft, createFinalized, expectError, newAccount } from "../helpers/api";

/** The seed invoice (697500 USD: 40 hours at 15000 + 8% tax, and 5 licences at 9900 untaxed), finalized. */
async function seedInvoice(api: Api, opts: { paid?: boolean } = {}) {
  const customerId = await createCustomer(api);
  const invoice = await createFinalized(api, customerId);
  if (opts.paid) expect((await api.post(`/v1/invoices/${invoice.id}/payments`, { amount: 697500 })).status).toBe(201);
  const [hours, licences] = invoice.line_items;
  return { customerId, invoice, hours, licences };
}

const issue = async (api: Api, body: Record<string, unknown>) => {
  const res = await api.post("/v1/credit_notes", { reason: "order_change", ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const balanceRows = async (customerId: string) =>
  (
    await env.DB.prepare("SELECT type, amount, credit_note_id FROM customer_balance_transactions WHERE customer_id = ? ORDER BY created_at, id")
      .bind(customerId)
      .all<{ type: string; amount: number; credit_note_id: string | null }>()
  ).results;

const storedBalance = async (customerId: string) =>
  (await env.DB.prepare("SELECT credit_balances FROM customers WHERE id = ?").bind(customerId).first<{ credit_balances: string | null }>())?.credit_balances;

describe("POST /v1/credit_notes/:id/void", () => {
  it("restores amount_due, lets the lines be credited again, and keeps the number taken", async () => {
    const { api } = await newAccount();
    const { invoice, hours, licences } = await seedInvoice(api);
    const first = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }] });
    const partial = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: hours.id, quantity: 10 }] });
    expect(partial.invoice).toMatchObject({ credited_amount: 211500, amount_due: 486000 });

    const voided = await api.post(`/v1/credit_notes/${first.id}/void`);
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body).toMatchObject({ id: first.id, status: "void", number: first.number, total_amount: 49500 });
    expect(voided.body.voided_at).toEqual(expect.any(String));
    expect(voided.body.invoice).toMatchObject({ credited_amount: 162000, amount_due: 535500, status: "finalized" });
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ credited_amount: 162000, amount_due: 535500 });

    // The voided note's line is creditable again, in full; the hours keep what is left of them (30).
    const again = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }] });
    expect(again).toMatchObject({ total_amount: 49500 });
    expectError(
      await api.post("/v1/credit_notes", { invoice_id: invoice.id, lines: [{ invoice_line_item_id: hours.id, quantity: 31 }], reason: "other" }),
      400,
      {
        param: "lines.0.quantity",
      },
    );

    // Gapless: the voided note keeps its number and the next note takes the next one.
    const seq = (n: string) => Number(n.split("-").pop());
    expect([seq(first.number), seq(partial.number), seq(again.number)]).toEqual([1, 2, 3]);
    expect(again.number.slice(0, -4)).toBe(first.number.slice(0, -4));
    expect((await api.get(`/v1/credit_notes/${first.id}`)).body).toMatchObject({ status: "void", number: first.number });
    const listed = (await api.get(`/v1/invoices/${invoice.id}/credit_notes`)).body.data.map((n: any) => [n.number, n.status]);
    expect(listed).toEqual([
      [again.number, "issued"],
      [partial.number, "issued"],
      [first.number, "void"],
    ]);
    const events = await api.get(`/v1/events?limit=100&object_id=${first.id}`);
    expect(events.body.data.map((e: any) => e.type)).toEqual(["credit_note.voided", "credit_note.created"]);
  });

  it("reopens an invoice its note had settled: what the note took off is owed again", async () => {
    const { api } = await newAccount();
    const { invoice } = await seedInvoice(api);
    const all = await issue(api, { invoice_id: invoice.id, lines: invoice.line_items.map((l: any) => ({ invoice_line_item_id: l.id })) });
    expect(all.invoice).toMatchObject({ status: "paid", amount_due: 0 });
    expect(all.invoice.paid_at).toEqual(expect.any(String));
    const voided = await api.post(`/v1/credit_notes/${all.id}/void`);
    expect(voided.body.invoice).toMatchObject({ status: "finalized", amount_due: 697500, credited_amount: 0, paid_at: null });
  });

  it("voids a note whose credit is still in the balance: the balance goes back down with its own transaction", async () => {
    const { api } = await newAccount();
    const { customerId, invoice, licences } = await seedInvoice(api, { paid: true });
    const note = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }], credit_amount: 49500 });
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 49500 });
    const voided = await api.post(`/v1/credit_notes/${note.id}/void`);
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body.invoice).toMatchObject({ status: "paid", amount_due: 0, amount_paid: 697500 });
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 0 });
    expect(await balanceRows(customerId)).toEqual([
      { type: "credit_note", amount: 49500, credit_note_id: note.id },
      { type: "credit_note_voided", amount: -49500, credit_note_id: note.id },
    ]);
  });

  it("is refused (409) once the note refunded money, and writes nothing", async () => {
    const { api } = await newAccount();
    const { invoice, licences } = await seedInvoice(api, { paid: true });
    const note = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }], refund_amount: 40000, out_of_band_amount: 9500 });
    const before = (await api.get(`/v1/invoices/${invoice.id}`)).body;
    expectError(await api.post(`/v1/credit_notes/${note.id}/void`), 409, { code: "credit_note_refunded" });
    expect((await api.get(`/v1/credit_notes/${note.id}`)).body).toMatchObject({ status: "issued", voided_at: null });
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ updated_at: before.updated_at, amount_refunded: 40000, credited_amount: 0 });
  });

  it("is refused (409) once an invoice used the note's credit from the balance, even in part", async () => {
    const { api } = await newAccount();
    const { customerId, invoice, licences } = await seedInvoice(api, { paid: true });
    const note = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }], credit_amount: 49500 });
    const spender = await createDraft(api, customerId, { line_items: [{ description: "Support", quantity: 1, unit_price: 1000 }] });
    expect((await api.post(`/v1/invoices/${spender.id}/finalize`)).body.applied_balance).toBe(1000);

    expectError(await api.post(`/v1/credit_notes/${note.id}/void`), 409, { code: "credit_note_balance_used" });
    expect((await api.get(`/v1/credit_notes/${note.id}`)).body.status).toBe("issued");
    expect((await api.get(`/v1/customers/${customerId}`)).body.credit_balances).toEqual({ USD: 48500 });
    expect((await balanceRows(customerId)).map((r) => r.type)).toEqual(["credit_note", "applied_to_invoice"]);
  });

  it("two concurrent voids undo a note's credit once: one answers 200, the other 409", async () => {
    const { api } = await newAccount();
    const { customerId, invoice, licences } = await seedInvoice(api, { paid: true });
    const onBalance = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }], credit_amount: 49500 });
    const results = await Promise.all([0, 1].map(() => api.post(`/v1/credit_notes/${onBalance.id}/void`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expectError(results.find((r) => r.status === 409)!, 409, { code: "credit_note_void" });
    expect(await balanceRows(customerId)).toHaveLength(2);
    expect(JSON.parse((await storedBalance(customerId))!)).toEqual({ USD: 0 });

    // On an open invoice the note's credit is what it took off amount_due: given back once.
    const { invoice: open } = await seedInvoice(api);
    const onDue = await issue(api, { invoice_id: open.id, lines: [{ invoice_line_item_id: open.line_items[0].id, quantity: 10 }] });
    const twice = await Promise.all([0, 1, 2].map(() => api.post(`/v1/credit_notes/${onDue.id}/void`)));
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await api.get(`/v1/invoices/${open.id}`)).body).toMatchObject({ credited_amount: 0, amount_due: 697500 });
  });

  it("a void racing an invoice that spends the credit: exactly one of them gets it", async () => {
    const { api } = await newAccount();
    const { customerId, invoice, licences } = await seedInvoice(api, { paid: true });
    const note = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }], credit_amount: 49500 });
    const spender = await createDraft(api, customerId, { line_items: [{ description: "Support", quantity: 1, unit_price: 10000 }] });
    const [voided, finalized] = await Promise.all([api.post(`/v1/credit_notes/${note.id}/void`), api.post(`/v1/invoices/${spender.id}/finalize`)]);
    expect(finalized.status).toBe(200);
    const balance = JSON.parse((await storedBalance(customerId))!).USD;
    if (voided.status === 200) expect([finalized.body.applied_balance, balance]).toEqual([0, 0]);
    else {
      expectError(voided, 409, { code: "credit_note_balance_used" });
      expect([finalized.body.applied_balance, balance]).toEqual([10000, 39500]);
    }
    expect((await balanceRows(customerId)).reduce((s, r) => s + r.amount, 0)).toBe(balance);
  });

  it("is refused for a voided note (409), an unknown note and another account's (404)", async () => {
    const { api } = await newAccount();
    const { invoice, licences } = await seedInvoice(api);
    const note = await issue(api, { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }] });
    expect((await api.post(`/v1/credit_notes/${note.id}/void`)).status).toBe(200);
    expectError(await api.post(`/v1/credit_notes/${note.id}/void`), 409, { code: "credit_note_void" });
    expectError(await api.post("/v1/credit_notes/cn_nope/void"), 404);
    expectError(await (await newAccount()).api.post(`/v1/credit_notes/${note.id}/void`), 404);
  });
});
