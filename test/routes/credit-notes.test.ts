import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";

async function finalizedSeed(api: Awaited<ReturnType<typeof newAccount>>["api"], customerId?: string) {
  const customer = customerId ?? (await api.post("/v1/customers", seedCustomer)).body.id;
  const draft = await api.post("/v1/invoices", seedInvoiceBody(customer));
  const finalized = await api.post(`/v1/invoices/${draft.body.id}/finalize`);
  expect(finalized.status).toBe(200);
  return finalized.body;
}

const sums = async (invoiceId: string) =>
  env.DB.prepare("SELECT COALESCE(SUM(total_amount), 0) AS total, COUNT(*) AS n FROM credit_notes WHERE invoice_id = ? AND status = 'issued'")
    .bind(invoiceId)
    .first<{ total: number; n: number }>();

describe("credit notes on the seed invoice", () => {
  it("credits line 2 in full (49500), then 10 of the 40 hours (162000), and refuses a third note on the credited line", async () => {
    const { api } = await newAccount();
    const invoice = await finalizedSeed(api);
    const [hours, licences] = invoice.line_items;

    const first = await api.post("/v1/credit_notes", { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }], reason: "order_change" });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      object: "credit_note",
      number: "CN-2026-0001",
      status: "issued",
      total_amount: 49500,
      due_amount: 49500,
      invoice_number: invoice.invoice_number,
    });
    expect(first.body.invoice).toMatchObject({ credited_amount: 49500, amount_due: 648000 });

    const second = await api.post("/v1/credit_notes", {
      invoice_id: invoice.id,
      lines: [{ invoice_line_item_id: hours.id, quantity: 10 }],
      reason: "order_change",
    });
    expect(second.body).toMatchObject({ number: "CN-2026-0002", subtotal: 150000, tax_amount: 12000, total_amount: 162000 });
    expect(second.body.invoice).toMatchObject({ credited_amount: 211500, amount_due: 486000 });

    const before = await sums(invoice.id);
    const third = await api.post("/v1/credit_notes", { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }], reason: "duplicate" });
    expect(third.status).toBe(400);
    expect(third.body.error.param).toBe("lines.0.invoice_line_item_id");
    expect(await sums(invoice.id)).toEqual(before);

    expect((await api.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ amount_due: 486000, credited_amount: 211500 });
    const listed = (await api.get(`/v1/invoices/${invoice.id}/credit_notes`)).body.data.map((n: any) => n.number);
    expect(listed).toEqual(["CN-2026-0002", "CN-2026-0001"]);
    expect((await api.get(`/v1/credit_notes/${first.body.id}`)).body.number).toBe("CN-2026-0001");
  });

  it("previews a note without a number and without writing", async () => {
    const { api } = await newAccount();
    const invoice = await finalizedSeed(api);
    const preview = await api.post("/v1/credit_notes/preview", { invoice_id: invoice.id, amount: 10000, reason: "other" });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ object: "credit_note_preview", number: null, subtotal: 10000 });
    expect(await sums(invoice.id)).toEqual({ total: 0, n: 0 });
  });

  it("settles an invoice credited in full: paid, nothing due", async () => {
    const { api } = await newAccount();
    const invoice = await finalizedSeed(api);
    const note = await api.post("/v1/credit_notes", {
      invoice_id: invoice.id,
      lines: invoice.line_items.map((l: any) => ({ invoice_line_item_id: l.id })),
      reason: "duplicate",
    });
    expect(note.body).toMatchObject({ total_amount: 697500 });
    expect(note.body.invoice).toMatchObject({ status: "paid", amount_due: 0, amount_paid: 0, credited_amount: 697500 });
    const types = (await api.get(`/v1/events?object_id=${invoice.id}`)).body.data.map((e: any) => e.type);
    expect(types.slice(0, 2)).toEqual(["invoice.paid", "invoice.updated"]);
  });

  it("refuses to void an invoice its credit notes correct", async () => {
    const { api } = await newAccount();
    const invoice = await finalizedSeed(api);
    await api.post("/v1/credit_notes", { invoice_id: invoice.id, amount: 1000, reason: "other" });
    const res = await api.post(`/v1/invoices/${invoice.id}/void`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("invoice_has_credit_notes");
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.status).toBe("finalized");
  });

  it("asks a paid invoice's note for a split; credit goes to the balance, a refund is recorded", async () => {
    const { api } = await newAccount();
    const invoice = await finalizedSeed(api);
    await api.post(`/v1/invoices/${invoice.id}/payments`, { amount: 697500 });
    const licences = invoice.line_items[1];
    const unsplit = await api.post("/v1/credit_notes", { invoice_id: invoice.id, lines: [{ invoice_line_item_id: licences.id }], reason: "order_change" });
    expect(unsplit.status).toBe(400);
    expect(unsplit.body.error.param).toBe("refund_amount");

    const credited = await api.post("/v1/credit_notes", {
      invoice_id: invoice.id,
      lines: [{ invoice_line_item_id: licences.id, amount: 20000 }],
      credit_amount: 20000,
      reason: "order_change",
    });
    expect(credited.status, JSON.stringify(credited.body)).toBe(201);
    expect((await api.get(`/v1/customers/${invoice.customer_id}`)).body.credit_balances).toEqual({ USD: 20000 });

    const refunded = await api.post("/v1/credit_notes", {
      invoice_id: invoice.id,
      lines: [{ invoice_line_item_id: licences.id, amount: 9500 }],
      refund_amount: 9500,
      reason: "order_change",
    });
    expect(refunded.body.invoice).toMatchObject({ amount_refunded: 9500, status: "paid", amount_due: 0 });
    expect(refunded.body.invoice.refunds).toEqual([
      { id: expect.stringMatching(/^re_/), object: "refund", amount: 9500, currency: "USD", credit_note_id: refunded.body.id, created_at: expect.any(String) },
    ]);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.refunds).toEqual(refunded.body.invoice.refunds);
    expect((await api.get(`/v1/invoices?limit=1`)).body.data[0].refunds).toEqual(refunded.body.invoice.refunds);
    // The invoice.updated event of the refunding note carries the invoice with its refund.
    const updated = (await api.get(`/v1/events?object_id=${invoice.id}&type=invoice.updated&limit=1`)).body.data[0];
    expect(updated.data.object.refunds).toEqual(refunded.body.invoice.refunds);
  });

  it("refuses notes on drafts and voided invoices (409) and another account's invoice (400 naming invoice_id)", async () => {
    const { api } = await newAccount();
    const customer = (await api.post("/v1/customers", seedCustomer)).body.id;
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer));
    expect((await api.post("/v1/credit_notes", { invoice_id: draft.body.id, amount: 100, reason: "other" })).status).toBe(409);
    const voided = await finalizedSeed(api, customer);
    await api.post(`/v1/invoices/${voided.id}/void`);
    expect((await api.post("/v1/credit_notes", { invoice_id: voided.id, amount: 100, reason: "other" })).status).toBe(409);
    const other = await newAccount();
    const res = await other.api.post("/v1/credit_notes", { invoice_id: voided.id, amount: 100, reason: "other" });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe("invoice_id");
  });
});

describe("credit notes under concurrency", () => {
  it("20 notes on 20 invoices get 20 consecutive numbers", async () => {
    const { api } = await newAccount();
    const customer = (await api.post("/v1/customers", seedCustomer)).body.id;
    const invoices = [];
    for (let i = 0; i < 20; i++) invoices.push(await finalizedSeed(api, customer));
    const notes = await Promise.all(invoices.map((inv) => api.post("/v1/credit_notes", { invoice_id: inv.id, amount: 1000, reason: "other" })));
    expect(notes.map((n) => n.status)).toEqual(Array(20).fill(201));
    const numbers = notes.map((n) => Number(n.body.number.split("-").pop())).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("10 concurrent notes on one invoice never credit more than its total", async () => {
    const { api } = await newAccount();
    const invoice = await finalizedSeed(api);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.post("/v1/credit_notes", { invoice_id: invoice.id, amount: 100000, reason: "other" })),
    );
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThan(0);
    const { total } = (await sums(invoice.id))!;
    expect(total).toBeLessThanOrEqual(697500);
    const row = await env.DB.prepare("SELECT credited_amount, total_amount FROM invoices WHERE id = ?").bind(invoice.id).first<any>();
    expect(row.credited_amount).toBe(total);
    const lines = await env.DB.prepare(
      "SELECT COALESCE(SUM(l.amount - l.discount_amount + l.tax_amount), 0) AS t FROM credit_note_lines l WHERE l.invoice_id = ?",
    )
      .bind(invoice.id)
      .first<any>();
    expect(lines.t).toBe(total);
  });
});
