import PostalMime from "postal-mime";
import { expect, inject, it } from "vitest";
import { seedCustomer, seedInvoiceBody } from "../helpers/seed";
import { listCapturedMail, readCapturedEml } from "./captured-mail";

const baseUrl = inject("baseUrl");
const headers = { Authorization: `Bearer ${inject("apiKey")}`, "Content-Type": "application/json" };

async function post(path: string, body: unknown) {
  const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

it("sends the seed invoice on create and again with the seed 000 body; both messages are captured as real .eml", async () => {
  const customer = await post("/v1/customers", seedCustomer);
  expect(customer.status).toBe(201);
  const created = await post("/v1/invoices", { ...seedInvoiceBody(customer.body.id), send_email: true });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body).toMatchObject({ status: "sent", subtotal: 649500, tax_amount: 48000, total_amount: 697500 });
  // The e2e files share one account and run in any order: the pay-page test may have taken
  // INV-2024-0001 already (the workerd suite asserts the seed's exact number).
  const number: string = created.body.invoice_number;
  expect(number).toMatch(/^INV-2024-\d{4}$/);

  const resent = await post(`/v1/invoices/${created.body.id}/send`, {
    cc: ["accounting@acme.com"],
    message: "Please find attached invoice for January services. Let me know if you have any questions.",
  });
  expect(resent.status, JSON.stringify(resent.body)).toBe(200);
  expect(resent.body.sent_count).toBe(2);

  const pdf = new Uint8Array(await (await fetch(`${baseUrl}/v1/invoices/${created.body.id}/pdf`, { headers })).arrayBuffer());
  const publicPdf = new Uint8Array(await (await fetch(created.body.pdf_url)).arrayBuffer());
  expect(Buffer.from(publicPdf).equals(Buffer.from(pdf))).toBe(true);

  // send_email takes one envelope recipient per call: the first message went to one address,
  // the second (with a Cc) to two. Our own delivery reference tells the two messages apart.
  const captured = (await listCapturedMail(baseUrl)).filter((m) => m.subject === `Invoice ${number} from Stateset`);
  expect(captured).toHaveLength(3);
  const envelopes = await Promise.all(captured.map((m) => PostalMime.parse(readCapturedEml(m.messageId))));
  const byDelivery = new Map(envelopes.map((p) => [p.headers.find((h) => h.key === "x-invoice-delivery-ref")?.value, p]));
  expect(byDelivery.size).toBe(2);
  const parsed = [...byDelivery.values()];
  const withCc = parsed.find((p) => p.cc?.length);
  const first = parsed.find((p) => !p.cc?.length);
  expect(first?.to?.[0]?.address).toBe("billing@acme.com");
  expect(withCc?.cc?.map((a) => a.address)).toEqual(["accounting@acme.com"]);
  expect(withCc?.text).toContain("Please find attached invoice for January services.");
  expect(withCc?.html).toContain("Please find attached invoice for January services.");
  for (const message of parsed) {
    expect(message.from?.address).toBeTruthy();
    expect(message.replyTo?.[0]?.address).toBe("billing@stateset.test");
    expect(message.text).toContain("$6,975.00");
    expect(message.text).toContain(created.body.public_url);
    expect(message.attachments.map((a) => a.filename)).toEqual([`invoice_${number}.pdf`]);
    const attached = message.attachments[0]!.content as ArrayBuffer | Uint8Array;
    expect(Buffer.from(attached instanceof Uint8Array ? attached : new Uint8Array(attached)).equals(Buffer.from(pdf))).toBe(true);
  }
});
