import { env, exports } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../src/domain/money";
import { type Api, createCustomer, expectError, newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";
import { fetchWithBindings } from "../helpers/app-fetch";
import { pdfPages } from "../helpers/pdf-reading";

/*
 * A credit note's documents: its PDF (stored once, read back with a real parser, behind the
 * API and its public link) and its email (parsed as a real .eml with its attachment).
 */

async function noteOnSeed(api: Api, customer?: string) {
  const customerId = customer ?? (await createCustomer(api));
  const draft = await api.post("/v1/invoices", seedInvoiceBody(customerId));
  const invoice = (await api.post(`/v1/invoices/${draft.body.id}/finalize`)).body;
  // 10 of the 40 hours: 150000 + 8 % tax.
  const note = await api.post("/v1/credit_notes", {
    invoice_id: invoice.id,
    lines: [{ invoice_line_item_id: invoice.line_items[0].id, quantity: 10 }],
    reason: "order_change",
    memo: "Ten hours were billed twice.",
  });
  expect(note.status, JSON.stringify(note.body)).toBe(201);
  return { invoice, note: note.body };
}

/** An EMAIL binding that keeps every raw message (after failing the first `failures`), then hands it to the real one. */
function mailbox(failures = 0) {
  const raws: string[] = [];
  let calls = 0;
  const binding = {
    async send(message: EmailMessage) {
      calls += 1;
      if (calls <= failures) throw new Error("upstream mail service unavailable");
      const raw = (message as unknown as Record<string, unknown>)["EmailMessage::raw"];
      if (typeof raw !== "string") throw new Error("workerd no longer exposes EmailMessage::raw; capture the mail another way");
      raws.push(raw);
      return env.EMAIL.send(message);
    },
  };
  return { binding: binding as unknown as SendEmail, raws };
}

const send = (apiKey: string, binding: SendEmail, noteId: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetchWithBindings({ EMAIL: binding }, "POST", `/v1/credit_notes/${noteId}/send`, { apiKey, body, headers });

async function pdfText(bytes: Uint8Array) {
  return (await pdfPages(bytes)).pages.join("\n");
}

const fetchBytes = async (url: string) => {
  const res = await exports.default.fetch(url);
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
};

describe("GET /v1/credit_notes/{id}/pdf", { timeout: 60_000 }, () => {
  it("is the note's PDF: its title, number and date, the invoice it corrects, its lines, tax and totals as the API shows them", async () => {
    const { api, apiKey, accountId } = await newAccount();
    const { invoice, note } = await noteOnSeed(api);
    expect(note).toMatchObject({ subtotal: 150000, tax_amount: 12000, total_amount: 162000, due_amount: 162000 });

    const res = await exports.default.fetch(`https://api.test/v1/credit_notes/${note.id}/pdf`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="credit_note_${note.number}.pdf"`);
    const { pages, info } = await pdfPages(new Uint8Array(await res.arrayBuffer()));
    const text = pages.join("\n");
    expect(info.Title).toBe(`Credit note ${note.number}`);
    expect(text).toContain("Credit note");
    expect(text).toContain(note.number);
    expect(text).toContain(`Corrects invoice ${invoice.invoice_number} of Jan 19, 2024.`);
    expect(text).toContain("Professional Services - January 2024");
    expect(text).toContain("Ten hours were billed twice.");
    const usd = (amount: number) => formatMoney(amount, "USD");
    for (const amount of [note.lines[0].unit_price, note.subtotal, note.tax_amount, note.total_amount]) expect(text).toContain(usd(amount));
    // Tax per rate: the base after discount and the tax.
    expect(text).toMatch(/8%\s+\$1,500\.00\s+\$120\.00/);
    expect(text).toContain(`Taken off the amount due`);
    expect(text).not.toContain("Refunded");
    expect(text).not.toContain("Settled outside");

    const stored = await env.DOCUMENTS.list({ prefix: `accounts/${accountId}/credit_notes/` });
    expect(stored.objects.map((o) => o.key)).toEqual([`accounts/${accountId}/credit_notes/${note.id}/${note.number}.pdf`]);
  });

  it("says where a paid invoice's credit went, only the parts that hold money", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer));
    const invoice = (await api.post(`/v1/invoices/${draft.body.id}/finalize`)).body;
    await api.post(`/v1/invoices/${invoice.id}/payments`, { amount: 697500 });
    const note = await api.post("/v1/credit_notes", {
      invoice_id: invoice.id,
      lines: [{ invoice_line_item_id: invoice.line_items[1].id }],
      refund_amount: 9500,
      credit_amount: 40000,
      reason: "product_unsatisfactory",
    });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    const text = await pdfText((await fetchBytes(note.body.pdf_url)).bytes);
    expect(text).toMatch(/Refunded\s+\$95\.00/);
    expect(text).toMatch(/Credited to the customer's balance\s+\$400\.00/);
    expect(text).not.toContain("Taken off the amount due");
    expect(text).not.toContain("Settled outside");
  });

  it("keeps a Unicode customer name intact", async () => {
    const { api } = await newAccount();
    const name = "Łódź Київ 東京";
    const customer = await createCustomer(api, { name, billing_address: { line1: "ul. Piotrkowska 1", city: "Łódź", country: "PL" } });
    const { note } = await noteOnSeed(api, customer);
    const text = await pdfText((await fetchBytes(note.pdf_url)).bytes);
    expect(text.split("\n")).toContain(name);
    expect(text).toContain("Łódź");
  });

  it("is stored once: every read, API or public link, serves the same bytes; a voided note keeps its document", async () => {
    const { api, apiKey, accountId } = await newAccount();
    const { note } = await noteOnSeed(api);
    const first = await exports.default.fetch(`https://api.test/v1/credit_notes/${note.id}/pdf`, { headers: { Authorization: `Bearer ${apiKey}` } });
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const key = `accounts/${accountId}/credit_notes/${note.id}/${note.number}.pdf`;
    const uploaded = (await env.DOCUMENTS.head(key))!.uploaded.getTime();

    expect((await api.post(`/v1/credit_notes/${note.id}/void`)).status).toBe(200);
    const pub = await fetchBytes(note.pdf_url);
    expect(pub.status).toBe(200);
    expect(pub.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(Buffer.from(pub.bytes).equals(Buffer.from(bytes))).toBe(true);
    const again = await exports.default.fetch(`https://api.test/v1/credit_notes/${note.id}/pdf`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(Buffer.from(new Uint8Array(await again.arrayBuffer())).equals(Buffer.from(bytes))).toBe(true);
    expect((await env.DOCUMENTS.head(key))!.uploaded.getTime()).toBe(uploaded);
  });

  it("answers 404 to a wrong token, and to an invoice's token under the credit notes' path", async () => {
    const { api } = await newAccount();
    const { invoice, note } = await noteOnSeed(api);
    const token = new URL(note.pdf_url).pathname
      .split("/")
      .pop()!
      .replace(/\.pdf$/, "");
    const wrong = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect((await fetchBytes(`https://invoices.test/documents/credit_notes/${wrong}.pdf`)).status).toBe(404);
    const invoiceToken = new URL(invoice.pdf_url).pathname.split("/").pop();
    expect((await fetchBytes(`https://invoices.test/documents/credit_notes/${invoiceToken}`)).status).toBe(404);
    expect((await fetchBytes(`https://invoices.test/documents/${token}.pdf`)).status).toBe(404);
  });

  it("answers 404 to another account, on the PDF and the send, and sends nothing", async () => {
    const { api } = await newAccount();
    const { note } = await noteOnSeed(api);
    const other = await newAccount({ name: "Mallory" });
    expectError(await other.api.get(`/v1/credit_notes/${note.id}/pdf`), 404, { type: "not_found_error" });
    const box = mailbox();
    expectError(await send(other.apiKey, box.binding, note.id, { to: ["mallory@example.com"] }), 404, { type: "not_found_error" });
    expect(box.raws).toHaveLength(0);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE account_id = ?").bind(other.accountId).first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });
});

describe("POST /v1/credit_notes/{id}/send", { timeout: 60_000 }, () => {
  it("emails the customer with the PDF attached as credit_note_{number}.pdf, and records only the delivery", async () => {
    const { api, apiKey, accountId } = await newAccount();
    const { invoice, note } = await noteOnSeed(api);
    const box = mailbox();
    const res = await send(apiKey, box.binding, note.id, { cc: ["accounting@acme.com"], message: "Sorry for the double billing." });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const filename = `credit_note_${note.number}.pdf`;
    expect(res.body).toMatchObject({
      object: "credit_note",
      id: note.id,
      email_details: {
        sent_to: [seedCustomer.email],
        cc: ["accounting@acme.com"],
        subject: `Credit note ${note.number} from Stateset`,
        attachments: [filename],
      },
    });

    // send_email takes one envelope recipient per call: the same message, once to each.
    expect(box.raws).toHaveLength(2);
    expect(box.raws[1]).toBe(box.raws[0]);
    const email = await PostalMime.parse(box.raws[0]!);
    expect(email.subject).toBe(`Credit note ${note.number} from Stateset`);
    expect(email.to).toEqual([{ name: "Acme Corporation", address: seedCustomer.email }]);
    expect(email.text).toContain("Sorry for the double billing.");
    expect(email.text).toContain(`credit note ${note.number} for $1,620.00, correcting invoice ${invoice.invoice_number}`);
    expect(email.html).toContain(filename);
    expect(email.attachments).toHaveLength(1);
    const [attachment] = email.attachments;
    expect(attachment).toMatchObject({ filename, mimeType: "application/pdf", disposition: "attachment" });
    const attached = new Uint8Array(attachment!.content as ArrayBuffer);
    expect(new TextDecoder().decode(attached.slice(0, 5))).toBe("%PDF-");
    const stored = await env.DOCUMENTS.get(`accounts/${accountId}/credit_notes/${note.id}/${note.number}.pdf`);
    expect(Buffer.from(attached).equals(Buffer.from(new Uint8Array(await stored!.arrayBuffer())))).toBe(true);
    expect(await pdfText(attached)).toContain(`Corrects invoice ${invoice.invoice_number}`);

    // A credit note's email is not the invoice's: the invoice is not marked sent again.
    const after = (await api.get(`/v1/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ sent_count: 0, sent_at: null, last_sent_at: null });
    const types = (await api.get(`/v1/invoices/${invoice.id}/events`)).body.data.map((e: { type: string }) => e.type);
    expect(types).not.toContain("invoice.sent");
    const row = await env.DB.prepare("SELECT kind, invoice_id, status, attachments FROM deliveries WHERE account_id = ?").bind(accountId).first<any>();
    expect(row).toMatchObject({ kind: "credit_note", invoice_id: invoice.id, status: "sent", attachments: JSON.stringify([filename]) });
  });

  it("sends at most once per Idempotency-Key", async () => {
    const { api, apiKey } = await newAccount();
    const { note } = await noteOnSeed(api);
    const box = mailbox();
    const first = await send(apiKey, box.binding, note.id, {}, { "Idempotency-Key": "cn-send-1" });
    const replay = await send(apiKey, box.binding, note.id, {}, { "Idempotency-Key": "cn-send-1" });
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.body.email_details).toEqual(first.body.email_details);
    expect(box.raws).toHaveLength(1);
    const other = await send(apiKey, box.binding, note.id, {}, { "Idempotency-Key": "cn-send-2" });
    expect(other.status).toBe(200);
    expect(box.raws).toHaveLength(2);
  });

  it("answers 502 when the transport fails, records the attempt as failed, and a retry under the key sends once", async () => {
    const { api, apiKey, accountId } = await newAccount();
    const { note } = await noteOnSeed(api);
    const box = mailbox(1);
    const failed = await send(apiKey, box.binding, note.id, {}, { "Idempotency-Key": "cn-flaky" });
    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ type: "upstream_error", code: "email_transport_failed" });
    const row = await env.DB.prepare("SELECT status FROM deliveries WHERE account_id = ?").bind(accountId).first<any>();
    expect(row.status).toBe("failed");
    const retried = await send(apiKey, box.binding, note.id, {}, { "Idempotency-Key": "cn-flaky" });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(box.raws).toHaveLength(1);
  });

  it("refuses a void note (409) and sends nothing", async () => {
    const { api, apiKey, accountId } = await newAccount();
    const { note } = await noteOnSeed(api);
    expect((await api.post(`/v1/credit_notes/${note.id}/void`)).status).toBe(200);
    const box = mailbox();
    expectError(await send(apiKey, box.binding, note.id), 409, { code: "credit_note_void" });
    expect(box.raws).toHaveLength(0);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE account_id = ?").bind(accountId).first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });

  it("asks for `to` when the customer has no email, and names a bad address, before anything is recorded", async () => {
    const { api, apiKey, accountId } = await newAccount();
    const customer = await createCustomer(api, { email: null });
    const { note } = await noteOnSeed(api, customer);
    const box = mailbox();
    expectError(await send(apiKey, box.binding, note.id), 400, { param: "to" });
    expectError(await send(apiKey, box.binding, note.id, { to: ["ap@acme.com"], cc: ["a@b.com\r\nBcc: evil@x.com"] }), 400, { param: "cc.0" });
    expect(box.raws).toHaveLength(0);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE account_id = ?").bind(accountId).first<{ n: number }>();
    expect(rows?.n).toBe(0);
    const sent = await send(apiKey, box.binding, note.id, { to: ["ap@acme.com"] });
    expect(sent.body.email_details.sent_to).toEqual(["ap@acme.com"]);
  });
});
