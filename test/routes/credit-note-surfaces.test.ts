/*
 * Credit notes where else they show: the Sequence view's creditNoteIds, the pay page, the
 * account's credit_note_prefix and the invoice's timeline.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Api, expectError, newAccount } from "../helpers/api";
import { openInvoice } from "../helpers/open-invoice";

// Notes are dated the day they are issued (the accounts here are on UTC).
const year = () => new Date().toISOString().slice(0, 4);

const note = (api: Api, invoiceId: string, body: Record<string, unknown> = { amount: 10000 }) =>
  api.post("/v1/credit_notes", { invoice_id: invoiceId, reason: "order_change", ...body });

async function visit(url: string) {
  return (await exports.default.fetch(url)).text();
}

const payNow = (html: string) => /<a[^>]*id="pay-now"[^>]*href="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;

describe("creditNoteIds on the Sequence surface", () => {
  it("lists an invoice's notes, oldest first, on /api/invoices/{id} and on every list page", async () => {
    const { api } = await newAccount();
    const credited = await openInvoice(api);
    const plain = await openInvoice(api);
    const first = await note(api, credited.id);
    const second = await note(api, credited.id, { amount: 20000 });
    expect([first.status, second.status]).toEqual([201, 201]);

    const one = await api.get(`/api/invoices/${credited.id}`);
    expect(one.status).toBe(200);
    expect(one.body.creditNoteIds).toEqual([first.body.id, second.body.id]);
    expect((await api.get(`/api/invoices/${plain.id}`)).body.creditNoteIds).toEqual([]);

    // A void note is still the invoice's note (its number stays taken).
    expect((await api.post(`/v1/credit_notes/${first.body.id}/void`)).status).toBe(200);
    const page = await api.get("/api/invoices?limit=10");
    const byId = Object.fromEntries(page.body.items.map((i: any) => [i.id, i.creditNoteIds]));
    expect(byId).toEqual({ [credited.id]: [first.body.id, second.body.id], [plain.id]: [] });
  });
});

describe("the pay page shows credits", () => {
  it("names the notes beside the credit and asks only for what is left", async () => {
    const { api } = await newAccount({ checkoutUrlTemplate: "https://pay.example.com/{invoice_id}?amount={amount}" });
    const invoice = await openInvoice(api, { invoice: { due_date: "2099-01-31" } });
    const first = await note(api, invoice.id, { amount: 10000 });
    const second = await note(api, invoice.id, { amount: 20000 });
    const credited = second.body.invoice.credited_amount;
    expect(credited).toBe(first.body.total_amount + second.body.total_amount);

    const html = await visit(invoice.public_url);
    const money = (minor: number) => `$${(minor / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
    expect(html).toContain(`<th scope="row">Credit notes ${first.body.number} and ${second.body.number}</th><td class="num">-${money(credited)}</td>`);
    expect(html).toContain(`id="amount-due">${money(697500 - credited)}<`);
    expect(payNow(html)).toBe(`https://pay.example.com/${invoice.id}?amount=${697500 - credited}`);
    expect(html).not.toContain('class="banner');
  });

  it("says an invoice settled by a credit note was, with no way to pay it", async () => {
    const { api } = await newAccount({ checkoutUrlTemplate: "https://pay.example.com/{invoice_id}" });
    const invoice = await openInvoice(api);
    const whole = await api.get(`/v1/invoices/${invoice.id}`);
    const settled = await note(api, invoice.id, { lines: whole.body.line_items.map((l: any) => ({ invoice_line_item_id: l.id })) });
    expect(settled.body.invoice).toMatchObject({ status: "paid", amount_due: 0 });

    const html = await visit(invoice.public_url);
    expect(html).toMatch(new RegExp(`<p class="banner banner-paid"[^>]*>Settled by credit note ${settled.body.number} on [A-Z][a-z]+ \\d{1,2}, \\d{4}\\.</p>`));
    expect(settled.body.number).toBe(`CN-${year()}-0001`);
    expect(html).toContain('id="amount-due">$0.00<');
    expect(payNow(html)).toBeNull();
    expect(html).not.toContain("How to pay");
  });

  it("drops a voided note's credit from the page", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api, { invoice: { due_date: "2099-01-31" } });
    const issued = await note(api, invoice.id);
    await api.post(`/v1/credit_notes/${issued.body.id}/void`);
    const html = await visit(invoice.public_url);
    expect(html).not.toContain("Credit note");
    expect(html).toContain('id="amount-due">$6,975.00<');
  });
});

describe("the account's credit_note_prefix", () => {
  it("is CN by default, and a changed prefix numbers the next note", async () => {
    const { api } = await newAccount();
    expect((await api.get("/v1/account")).body.credit_note_prefix).toBe("CN");
    const invoice = await openInvoice(api);
    expect((await note(api, invoice.id)).body.number).toBe(`CN-${year()}-0001`);

    const patched = await api.patch("/v1/account", { credit_note_prefix: "KR" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ credit_note_prefix: "KR", invoice_prefix: "INV" });
    expect((await api.get("/v1/account")).body.credit_note_prefix).toBe("KR");
    expect((await note(api, invoice.id)).body.number).toBe(`KR-${year()}-0001`);
    expect((await note(api, invoice.id)).body.number).toBe(`KR-${year()}-0002`);
  });

  it("may equal the invoice prefix: the two series keep their own counters", async () => {
    const { api } = await newAccount();
    const today = new Date().toISOString().slice(0, 10);
    const first = await openInvoice(api, { invoice: { issue_date: today, due_date: "2099-01-31" } });
    expect(first.invoice_number).toBe(`INV-${year()}-0001`);
    await api.patch("/v1/account", { credit_note_prefix: "INV" });
    expect((await note(api, first.id)).body.number).toBe(`INV-${year()}-0001`);
    const second = await openInvoice(api, { invoice: { issue_date: today, due_date: "2099-01-31" } });
    expect(second.invoice_number).toBe(`INV-${year()}-0002`);
    expect((await note(api, second.id)).body.number).toBe(`INV-${year()}-0002`);
  });

  it("is validated like invoice_prefix", async () => {
    const { api } = await newAccount();
    for (const bad of ["cn", "CN/2026", "", "-CN", "ABCDEFGHIJKLM", 7])
      expectError(await api.patch("/v1/account", { credit_note_prefix: bad }), 400, { type: "invalid_request_error", param: "credit_note_prefix" });
    expect((await api.get("/v1/account")).body.credit_note_prefix).toBe("CN");
  });
});

describe("the invoice's timeline", () => {
  it("lists its notes' events in order beside its own, and only its own notes'", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api, { sent: false });
    const other = await openInvoice(api, { sent: false });
    const issued = await note(api, invoice.id);
    await note(api, other.id);
    await api.post(`/v1/credit_notes/${issued.body.id}/void`);

    const timeline = (await api.get(`/v1/invoices/${invoice.id}/events`)).body.data;
    expect(timeline.map((e: any) => e.type)).toEqual([
      "invoice.created",
      "invoice.finalized",
      // One batch writes the note's event and then the invoice's.
      "credit_note.created",
      "invoice.updated",
      "credit_note.voided",
      "invoice.updated",
    ]);
    const [created, voided] = timeline.filter((e: any) => e.type.startsWith("credit_note."));
    expect(created.data.object).toMatchObject({ id: issued.body.id, number: issued.body.number, status: "issued" });
    expect(voided.data.object).toMatchObject({ id: issued.body.id, status: "void" });
    expect(timeline.filter((e: any) => e.type === "invoice.updated").map((e: any) => e.data.credit_note_id)).toEqual([issued.body.id, issued.body.id]);

    // The note's own events are still found by its id, newest first.
    const byNote = (await api.get(`/v1/events?object_id=${issued.body.id}`)).body.data.map((e: any) => e.id);
    expect(byNote).toEqual([voided.id, created.id]);
    const otherTimeline = (await api.get(`/v1/invoices/${other.id}/events`)).body.data;
    expect(otherTimeline.filter((e: any) => e.type.startsWith("credit_note.")).map((e: any) => e.data.object.invoice_id)).toEqual([other.id]);
  });
});
