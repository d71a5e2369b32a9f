/*
 * CR/LF in any address or name field must end as a DomainError (addresses) or as harmless
 * text (names, subject, message) — never as a header of its own.
 */
import { createMimeMessage } from "mimetext/browser";
import { describe, expect, it } from "vitest";
import { buildInvoiceMail, type InvoiceMailRequest } from "../../../src/services/mail/message";
import { parse, seedRequest } from "./fixtures";

const INJECTIONS = ["Evil\r\nBcc: x@y.z", "Evil\nBcc: x@y.z", "Evil\rBcc: x@y.z", "Evil\r\n\r\n<html>body</html>", "Evil\u0000\r\nX-Injected: 1"];

function withAccount(patch: Partial<InvoiceMailRequest["account"]>): InvoiceMailRequest {
  const req = seedRequest();
  return { ...req, account: { ...req.account, ...patch } };
}
function withCustomer(patch: Partial<InvoiceMailRequest["invoice"]["customer"]>): InvoiceMailRequest {
  const req = seedRequest();
  return { ...req, invoice: { ...req.invoice, customer: { ...req.invoice.customer, ...patch } } };
}

const ADDRESS_FIELDS: [string, (bad: string) => InvoiceMailRequest, string][] = [
  ["to", (bad) => seedRequest({ to: ["ok@acme.com", bad] }), "to.1"],
  ["cc", (bad) => seedRequest({ cc: [bad] }), "cc.0"],
  ["bcc", (bad) => seedRequest({ bcc: ["ok@acme.com", "ok2@acme.com", bad] }), "bcc.2"],
  ["customer email", (bad) => withCustomer({ email: bad }), "customer.email"],
  ["sender email", (bad) => withAccount({ sender_email: bad }), "account.sender_email"],
  ["merchant email (Reply-To)", (bad) => withAccount({ email: bad }), "account.email"],
  ["default sender", (bad) => ({ ...withAccount({ sender_email: null }), defaultSender: { email: bad } }), "default_sender"],
];

describe.each(ADDRESS_FIELDS)("address field %s", (_field, build, param) => {
  it.each(["a@b.co\r\nBcc: x@y.z", "a@b.co\nBcc: x@y.z", "a@b.co\rBcc: x@y.z", "a@b.co\u0000", "a@b.co, x@y.z", "X <x@y.z>"])(
    "refuses %j as a DomainError naming the field",
    (bad) => {
      expect(() => buildInvoiceMail(build(bad))).toThrow(expect.objectContaining({ name: "DomainError", param }));
    },
  );
});

const NAME_FIELDS: [string, (bad: string) => InvoiceMailRequest][] = [
  ["customer name", (bad) => withCustomer({ name: bad })],
  ["merchant name", (bad) => withAccount({ name: bad })],
  ["sender name", (bad) => withAccount({ sender_name: bad })],
  [
    "default sender name",
    (bad) => ({ ...withAccount({ sender_email: null, sender_name: null, name: "" }), defaultSender: { email: "no-reply@invoices.example", name: bad } }),
  ],
  ["subject", (bad) => seedRequest({ subject: bad })],
  ["message", (bad) => seedRequest({ message: bad })],
];

describe.each(NAME_FIELDS)("text field %s", (_field, build) => {
  it.each(INJECTIONS)("%j yields no extra header", async (bad) => {
    const mail = buildInvoiceMail(build(bad));
    const email = await parse(mail.raw);
    const names = email.headers.map((h) => h.key);
    expect(names).not.toContain("bcc");
    expect(names).not.toContain("x-injected");
    expect(names.sort()).toEqual(
      ["cc", "content-type", "date", "from", "message-id", "mime-version", "reply-to", "subject", "to", "x-invoice-delivery-ref"].sort(),
    );
    expect(email.attachments.map((a) => a.filename)).toEqual(["invoice_INV-2024-0001.pdf"]);
    expect(email.text).toContain("$6,975.00");
  });
});

it('a customer named "Evil\\r\\nBcc: x@y.z" is shown as one line of text', async () => {
  const mail = buildInvoiceMail(withCustomer({ name: "Evil\r\nBcc: x@y.z" }));
  const email = await parse(mail.raw);
  expect(email.to).toEqual([{ name: "Evil Bcc: x@y.z", address: "billing@acme.com" }]);
  expect(email.bcc).toBeUndefined();
  expect(mail.recipients).not.toContain("x@y.z");
});

it("mimetext on its own writes a CR/LF address into the header, which is why addresses are checked first", () => {
  const msg = createMimeMessage();
  msg.setSender("a@b.co");
  msg.setTo("x@y.z\r\nBcc: e@v.il");
  msg.setSubject("s");
  msg.addMessage({ contentType: "text/plain", data: "x" });
  expect(msg.asRaw()).toContain("\r\nBcc: e@v.il");
});
