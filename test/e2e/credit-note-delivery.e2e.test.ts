import PostalMime from "postal-mime";
import { expect, inject, it } from "vitest";
import { pdfPages } from "../helpers/pdf-reading";
import { seedCustomer, seedInvoiceBody } from "../helpers/seed";
import { listCapturedMail, readCapturedEml } from "./captured-mail";

const baseUrl = inject("baseUrl");
const headers = { Authorization: `Bearer ${inject("apiKey")}`, "Content-Type": "application/json" };

async function post(path: string, body: unknown, extra: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers: { ...headers, ...extra }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

it("emails a credit note once per Idempotency-Key, captured as a real .eml with credit_note_{number}.pdf attached", async () => {
  const customer = await post("/v1/customers", seedCustomer);
  const draft = await post("/v1/invoices", seedInvoiceBody(customer.body.id));
  const invoice = await post(`/v1/invoices/${draft.body.id}/finalize`, {});
  expect(invoice.status, JSON.stringify(invoice.body)).toBe(200);
  const note = await post("/v1/credit_notes", {
    invoice_id: invoice.body.id,
    lines: [{ invoice_line_item_id: invoice.body.line_items[1].id }],
    reason: "duplicate",
  });
  expect(note.status, JSON.stringify(note.body)).toBe(201);
  const number: string = note.body.number;

  const key = { "Idempotency-Key": `cn-e2e-${note.body.id}` };
  const sent = await post(`/v1/credit_notes/${note.body.id}/send`, {}, key);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  expect((await post(`/v1/credit_notes/${note.body.id}/send`, {}, key)).status).toBe(200);

  const pdf = new Uint8Array(await (await fetch(`${baseUrl}/v1/credit_notes/${note.body.id}/pdf`, { headers })).arrayBuffer());
  const text = (await pdfPages(pdf)).pages.join("\n");
  expect(text).toContain("Credit note");
  expect(text).toContain(number);
  expect(text).toContain(`Corrects invoice ${invoice.body.invoice_number}`);

  const captured = (await listCapturedMail(baseUrl)).filter((m) => m.subject === `Credit note ${number} from Stateset`);
  expect(captured).toHaveLength(1);
  const message = await PostalMime.parse(readCapturedEml(captured[0]!.messageId));
  expect(message.to?.[0]?.address).toBe("billing@acme.com");
  expect(message.replyTo?.[0]?.address).toBe("billing@stateset.test");
  expect(message.text).toContain(`credit note ${number} for $495.00, correcting invoice ${invoice.body.invoice_number}`);
  expect(message.attachments.map((a) => a.filename)).toEqual([`credit_note_${number}.pdf`]);
  const attached = message.attachments[0]!.content as ArrayBuffer | Uint8Array;
  expect(Buffer.from(attached instanceof Uint8Array ? attached : new Uint8Array(attached)).equals(Buffer.from(pdf))).toBe(true);
});
