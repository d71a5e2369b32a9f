import PostalMime, { type Email } from "postal-mime";
import type { InvoiceMailRequest } from "../../../src/services/mail/message";

/** Bytes that are not valid UTF-8 or ASCII, so a text-mode round trip would change them. */
export const PDF_BYTES = Uint8Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) % 256);

export function seedRequest(overrides: Partial<InvoiceMailRequest> = {}): InvoiceMailRequest {
  return {
    kind: "invoice",
    invoice: {
      id: "inv_1",
      status: "sent",
      payment_link_display: null,
      public_url: "https://invoices.test/pay/tok_abc",
      invoice_number: "INV-2024-0001",
      currency: "USD",
      amount_due: 697500,
      due_date: "2024-02-19",
      customer: { name: "Acme Corporation", email: "billing@acme.com" },
    },
    account: {
      name: "Stateset",
      email: "billing@stateset.com",
      sender_email: "invoices@stateset.com",
      sender_name: "Stateset Billing",
      payment_link_display: "SHOW_PAYMENT_LINK",
      checkout_url_template: null,
    },
    defaultSender: { email: "no-reply@invoices.example", name: "Invoices" },
    cc: ["accounting@acme.com"],
    message: "Please find attached invoice for January services. Let me know if you have any questions.",
    pdf: PDF_BYTES,
    messageId: "<dlv_1.inv_1@stateset.com>",
    now: new Date("2024-01-20T12:00:00Z"),
    ...overrides,
  };
}

export function parse(raw: string): Promise<Email> {
  return PostalMime.parse(raw);
}

/** Header names of the top-level message, lower-cased, in order. */
export function headerNames(email: Email): string[] {
  return email.headers.map((h) => h.key);
}

export function addresses(list: Email["to"]): string[] {
  return (list ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address ?? ""]));
}
