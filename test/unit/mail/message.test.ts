import { describe, expect, it } from "vitest";
import { DELIVERY_REF_HEADER, attachmentName, buildInvoiceMail, daysOverdue } from "../../../src/services/mail/message";
import { deliveryMessageId } from "../../../src/services/mail/message-id";
import { PDF_BYTES, addresses, parse, seedRequest } from "./fixtures";

describe("buildInvoiceMail (seed 000)", () => {
  it("writes the headers a mail client shows", async () => {
    const mail = buildInvoiceMail(seedRequest());
    const email = await parse(mail.raw);
    expect(email.from).toEqual({ name: "Stateset Billing", address: "invoices@stateset.com" });
    expect(email.replyTo).toEqual([{ name: "Stateset", address: "billing@stateset.com" }]);
    expect(email.to).toEqual([{ name: "Acme Corporation", address: "billing@acme.com" }]);
    expect(addresses(email.cc)).toEqual(["accounting@acme.com"]);
    expect(email.subject).toBe("Invoice INV-2024-0001 from Stateset");
    expect(email.messageId).toBe("<dlv_1.inv_1@stateset.com>");
    expect(email.date).toBe("2024-01-20T12:00:00.000Z");
    expect(email.headers.find((h) => h.key === DELIVERY_REF_HEADER.toLowerCase())?.value).toBe("<dlv_1.inv_1@stateset.com>");
  });

  it("carries message, amount due, due date and pay link in both parts", async () => {
    const email = await parse(buildInvoiceMail(seedRequest()).raw);
    for (const body of [email.text ?? "", email.html ?? ""]) {
      expect(body).toContain("Please find attached invoice for January services.");
      expect(body).toContain("$6,975.00");
      expect(body).toContain("February 19, 2024");
      expect(body).toContain("https://invoices.test/pay/tok_abc");
      expect(body).toContain("invoice_INV-2024-0001.pdf");
    }
    expect(email.html).toContain('href="https://invoices.test/pay/tok_abc"');
  });

  it("attaches the PDF as invoice_{number}.pdf with the exact bytes", async () => {
    const email = await parse(buildInvoiceMail(seedRequest()).raw);
    expect(email.attachments).toHaveLength(1);
    const [pdf] = email.attachments;
    expect(pdf?.filename).toBe("invoice_INV-2024-0001.pdf");
    expect(pdf?.mimeType).toBe("application/pdf");
    expect(pdf?.disposition).toBe("attachment");
    expect(new Uint8Array(pdf?.content as ArrayBuffer)).toEqual(PDF_BYTES);
  });

  it("reports email_details and the envelope", () => {
    const mail = buildInvoiceMail(seedRequest({ bcc: ["audit@stateset.com"] }));
    expect(mail.details).toEqual({
      sent_to: ["billing@acme.com"],
      cc: ["accounting@acme.com"],
      bcc: ["audit@stateset.com"],
      subject: "Invoice INV-2024-0001 from Stateset",
      message: "Please find attached invoice for January services. Let me know if you have any questions.",
      attachments: ["invoice_INV-2024-0001.pdf"],
    });
    expect(mail.from).toBe("invoices@stateset.com");
    expect(mail.recipients).toEqual(["billing@acme.com", "accounting@acme.com", "audit@stateset.com"]);
  });

  it("keeps Bcc in the envelope only", async () => {
    const mail = buildInvoiceMail(seedRequest({ bcc: ["audit@stateset.com"] }));
    const email = await parse(mail.raw);
    expect(email.headers.map((h) => h.key)).not.toContain("bcc");
    expect(mail.raw).not.toContain("audit@stateset.com");
    expect(mail.content.bcc).toEqual([{ email: "audit@stateset.com", name: null }]);
  });

  it("leaves the PDF out when none is given and says nothing about an attachment", async () => {
    const mail = buildInvoiceMail(seedRequest({ pdf: null }));
    const email = await parse(mail.raw);
    expect(email.attachments).toHaveLength(0);
    expect(email.text).not.toContain(".pdf");
    expect(email.html).toContain("$6,975.00");
    expect(mail.details.attachments).toEqual([]);
  });

  it("uses the request's to list and subject instead of the customer and default", async () => {
    const mail = buildInvoiceMail(seedRequest({ to: ["ap@acme.com", "AP@ACME.com", "cfo@acme.com"], cc: ["ap@acme.com"], subject: "Your January invoice" }));
    const email = await parse(mail.raw);
    expect(addresses(email.to)).toEqual(["ap@acme.com", "cfo@acme.com"]);
    expect(email.cc ?? []).toEqual([]);
    expect(email.subject).toBe("Your January invoice");
    expect(mail.recipients).toEqual(["ap@acme.com", "cfo@acme.com"]);
  });

  it("falls back to the default sender address, keeping the merchant's name", async () => {
    const req = seedRequest();
    const mail = buildInvoiceMail({ ...req, account: { ...req.account, sender_email: null, sender_name: null } });
    const email = await parse(mail.raw);
    expect(email.from).toEqual({ name: "Stateset", address: "no-reply@invoices.example" });
    expect(mail.from).toBe("no-reply@invoices.example");
  });

  it("omits Reply-To when the merchant has no email", async () => {
    const req = seedRequest();
    const email = await parse(buildInvoiceMail({ ...req, account: { ...req.account, email: null } }).raw);
    expect(email.replyTo).toBeUndefined();
  });

  it("refuses when there is nobody to send to", () => {
    const req = seedRequest();
    expect(() => buildInvoiceMail({ ...req, invoice: { ...req.invoice, customer: { name: "Acme", email: null } } })).toThrow(
      expect.objectContaining({ name: "DomainError", param: "to" }),
    );
  });

  it("refuses more than 50 recipients", () => {
    const to = Array.from({ length: 51 }, (_, i) => `p${i}@acme.com`);
    expect(() => buildInvoiceMail(seedRequest({ to, cc: [] }))).toThrow(expect.objectContaining({ param: "to" }));
  });

  it("encodes non-ASCII names and a long subject into short lines that decode back", async () => {
    const subject = "Ελληνικά τιμολόγιο για την Київ 東京 עברית ".repeat(5).trim();
    const req = seedRequest({ subject });
    const mail = buildInvoiceMail({
      ...req,
      invoice: { ...req.invoice, customer: { name: "Zoë Ångström — Łódź 東京", email: "zoe@example.se" } },
    });
    const email = await parse(mail.raw);
    expect(email.subject).toBe(subject);
    expect(email.to).toEqual([{ name: "Zoë Ångström — Łódź 東京", address: "zoe@example.se" }]);
    expect(email.text).toContain("Hello Zoë Ångström — Łódź 東京,");
    expect(mail.raw.split("\r\n").filter((line) => line.length > 78)).toEqual([]);
    expect(mail.raw).not.toMatch(/[^\r]\n/);
    expect(mail.raw).toMatch(/^[\x00-\x7f]*$/);
  });

  it("HTML-escapes everything the merchant or customer wrote", async () => {
    const req = seedRequest({ message: `<script>alert(1)</script> & "quotes" 'single'` });
    const mail = buildInvoiceMail({
      ...req,
      account: { ...req.account, name: "<b>Bold</b> & Co" },
      invoice: {
        ...req.invoice,
        customer: { name: `<img src=x onerror=alert(1)>`, email: "a@b.co" },
        public_url: `https://invoices.test/pay/x"onmouseover="alert(1)`,
      },
    });
    const html = (await parse(mail.raw)).html ?? "";
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>Bold");
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34; &#39;single&#39;");
    expect(html).toContain("&#60;b&#62;Bold&#60;/b&#62; &#38; Co");
    expect(html).not.toMatch(/href="[^"]*"onmouseover/);
  });

  it("leaves out a pay link that is not http(s)", async () => {
    const req = seedRequest();
    const email = await parse(buildInvoiceMail({ ...req, invoice: { ...req.invoice, public_url: "javascript:alert(1)" } }).raw);
    expect(email.html).not.toContain("javascript:");
    expect(email.text).not.toContain("javascript:");
  });

  it("formats amounts for the currency and locale", async () => {
    const req = seedRequest({ locale: "de-DE" });
    const email = await parse(buildInvoiceMail({ ...req, invoice: { ...req.invoice, currency: "EUR", amount_due: 123456 } }).raw);
    expect(email.text).toMatch(/1\.234,56\s€/);
    expect(email.text).toContain("19. Februar 2024");
  });

  it("refuses a draft without a number", () => {
    const req = seedRequest();
    expect(() => buildInvoiceMail({ ...req, invoice: { ...req.invoice, invoice_number: null } })).toThrow(expect.objectContaining({ param: "invoice_number" }));
  });
});

describe("reminder variant", () => {
  it("says how many days overdue", async () => {
    const mail = buildInvoiceMail(seedRequest({ kind: "reminder", message: null, now: new Date("2024-03-01T09:00:00Z") }));
    const email = await parse(mail.raw);
    expect(email.subject).toBe("Reminder: invoice INV-2024-0001");
    for (const body of [email.text ?? "", email.html ?? ""]) {
      expect(body).toContain("was due on February 19, 2024 and is now 11 days overdue");
      expect(body).toContain("$6,975.00");
    }
  });

  it("says when it is due when not yet overdue", async () => {
    const email = await parse(buildInvoiceMail(seedRequest({ kind: "reminder", now: new Date("2024-02-12T09:00:00Z") })).raw);
    expect(email.text).toContain("is due on February 19, 2024");
    expect(email.text).not.toContain("overdue");
  });

  it("an invoice sent again after its due date says it is overdue, in both parts", async () => {
    const email = await parse(buildInvoiceMail(seedRequest({ kind: "invoice", now: new Date("2024-02-20T09:00:00Z") })).raw);
    expect(email.subject).toBe("Invoice INV-2024-0001 from Stateset");
    for (const body of [email.text ?? "", email.html ?? ""]) {
      expect(body).toContain("was due on February 19, 2024 and is now 1 day overdue");
      expect(body).not.toContain("has sent you invoice");
    }
    expect(email.text).toContain("Days overdue: 1");
  });

  it("counts calendar days in UTC", () => {
    expect(daysOverdue("2024-02-19", new Date("2024-02-19T23:59:59Z"))).toBe(0);
    expect(daysOverdue("2024-02-19", new Date("2024-02-20T00:00:00Z"))).toBe(1);
    expect(daysOverdue("2024-02-19", new Date("2024-01-01T00:00:00Z"))).toBe(0);
  });
});

describe("message ids and file names", () => {
  it("derives the same Message-ID for the same delivery", () => {
    const a = deliveryMessageId("inv_1", "dlv_9", "Invoices@Stateset.com");
    expect(a).toBe("<dlv_9.inv_1@stateset.com>");
    expect(deliveryMessageId("inv_1", "dlv_9", "invoices@stateset.com")).toBe(a);
    expect(() => deliveryMessageId("inv_1\r\nBcc: x", "dlv_9", "a@b.co")).toThrow();
  });

  it("refuses a Message-ID that could break the header", () => {
    expect(() => buildInvoiceMail(seedRequest({ messageId: "<a@b.co>\r\nBcc: x@y.z" }))).toThrow(expect.objectContaining({ name: "DomainError" }));
    expect(() => buildInvoiceMail(seedRequest({ messageId: "no-brackets@b.co" }))).toThrow();
  });

  it("keeps the attachment name to safe characters", () => {
    expect(attachmentName("INV-2024-0001")).toBe("invoice_INV-2024-0001.pdf");
    expect(attachmentName('A/B"\r\n.pdf')).toBe("invoice_A_B___.pdf.pdf");
  });
});
