import { describe, expect, it } from "vitest";
import { DELIVERY_REF_HEADER } from "../../../src/services/mail/compose-mail";
import { buildCreditNoteMail, type CreditNoteMailRequest } from "../../../src/services/mail/credit-note-mail";
import { PDF_BYTES, addresses, parse } from "./fixtures";

function request(overrides: Partial<CreditNoteMailRequest> = {}): CreditNoteMailRequest {
  return {
    note: {
      number: "CN-2026-0001",
      invoice_number: "INV-2024-0001",
      currency: "USD",
      total_amount: 162000,
      due_amount: 100000,
      refund_amount: 62000,
      credit_amount: 0,
      out_of_band_amount: 0,
    },
    customer: { name: "Acme Corporation", email: "billing@acme.com" },
    account: { name: "Stateset", email: "billing@stateset.com", sender_email: "invoices@stateset.com", sender_name: null },
    defaultSender: { email: "no-reply@invoices.example", name: "Invoices" },
    pdf: PDF_BYTES,
    messageId: "<dlv_1.cn_1@stateset.com>",
    now: new Date("2026-03-02T12:00:00Z"),
    ...overrides,
  };
}

describe("buildCreditNoteMail", () => {
  it("follows the invoice email's rules: sender, Reply-To, the customer by default, the delivery reference", async () => {
    const mail = buildCreditNoteMail(request());
    const email = await parse(mail.raw);
    expect(email.from).toEqual({ name: "Stateset", address: "invoices@stateset.com" });
    expect(email.replyTo).toEqual([{ name: "Stateset", address: "billing@stateset.com" }]);
    expect(email.to).toEqual([{ name: "Acme Corporation", address: "billing@acme.com" }]);
    expect(email.subject).toBe("Credit note CN-2026-0001 from Stateset");
    expect(email.messageId).toBe("<dlv_1.cn_1@stateset.com>");
    expect(email.headers.find((h) => h.key === DELIVERY_REF_HEADER.toLowerCase())?.value).toBe("<dlv_1.cn_1@stateset.com>");
  });

  it("says what it credits and where it went, in both parts", async () => {
    const email = await parse(buildCreditNoteMail(request({ message: "Sorry <b>twice</b>." })).raw);
    for (const body of [email.text ?? "", email.html ?? ""]) {
      expect(body).toContain("Stateset has issued credit note CN-2026-0001 for $1,620.00, correcting invoice INV-2024-0001.");
      expect(body).toContain("$1,000.00");
      expect(body).toContain("$620.00");
      expect(body).not.toContain("Credited to your balance");
      expect(body).toContain("credit_note_CN-2026-0001.pdf");
    }
    expect(email.html).toContain("Sorry &#60;b&#62;twice&#60;/b&#62;.");
  });

  it("attaches the PDF as credit_note_{number}.pdf with the exact bytes", async () => {
    const mail = buildCreditNoteMail(request());
    const [pdf] = (await parse(mail.raw)).attachments;
    expect(pdf).toMatchObject({ filename: "credit_note_CN-2026-0001.pdf", mimeType: "application/pdf", disposition: "attachment" });
    expect(new Uint8Array(pdf?.content as ArrayBuffer)).toEqual(PDF_BYTES);
    expect(mail.details.attachments).toEqual(["credit_note_CN-2026-0001.pdf"]);
  });

  it("keeps Bcc in the envelope only and refuses an address that would start a header", async () => {
    const mail = buildCreditNoteMail(request({ bcc: ["audit@stateset.com"], cc: ["ap@acme.com"] }));
    expect(mail.raw).not.toContain("audit@stateset.com");
    expect(addresses((await parse(mail.raw)).cc)).toEqual(["ap@acme.com"]);
    expect(mail.recipients).toEqual(["billing@acme.com", "ap@acme.com", "audit@stateset.com"]);
    expect(() => buildCreditNoteMail(request({ cc: ["a@b.com\r\nBcc: evil@x.com"] }))).toThrow(expect.objectContaining({ param: "cc.0" }));
  });
});
