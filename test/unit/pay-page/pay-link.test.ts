/*
 * One table of cases for the pay link, checked on every surface that shows it: the email
 * (parsed from the built MIME), the PDF's view, the pay page's view and the Sequence view.
 */
import { describe, expect, it } from "vitest";
import { decidePayLink } from "../../../src/domain/pay-link";
import { toSequenceInvoice } from "../../../src/domain/sequence-view";
import type { InvoiceStatus, PaymentLinkDisplay } from "../../../src/domain/types";
import { buildPayPageView } from "../../../src/pages/pay/pay-page-view";
import { buildInvoiceMail } from "../../../src/services/mail/message";
import { buildInvoiceView } from "../../../src/services/pdf/invoice-view";
import { pdfAccount, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";
import { parse } from "../mail/fixtures";

const PAY_PAGE = "https://invoices.test/pay/tok_table";
const CHECKOUT = "https://checkout.example/{invoice_id}";
const SHOW = "SHOW_PAYMENT_LINK";
const HIDE = "HIDE_PAYMENT_LINK";

type Case = { name: string; invoice: PaymentLinkDisplay | null; account: PaymentLinkDisplay; status?: InvoiceStatus; paidInFull?: boolean; shown: boolean };

const CASES: Case[] = [
  { name: "both follow the default", invoice: null, account: SHOW, shown: true },
  { name: "the account hides it", invoice: null, account: HIDE, shown: false },
  { name: "the invoice hides it", invoice: HIDE, account: SHOW, shown: false },
  { name: "the invoice shows it over an account that hides it", invoice: SHOW, account: HIDE, shown: true },
  { name: "both hide it", invoice: HIDE, account: HIDE, shown: false },
  { name: "an overdue invoice", invoice: null, account: SHOW, status: "overdue", shown: true },
  { name: "a partly paid invoice", invoice: null, account: SHOW, status: "partially_paid", shown: true },
  { name: "a paid invoice", invoice: null, account: SHOW, status: "paid", paidInFull: true, shown: false },
  { name: "an uncollectible invoice", invoice: null, account: SHOW, status: "uncollectible", shown: false },
];

function fixtures(c: Case) {
  const account = pdfAccount({ payment_link_display: c.account, checkout_url_template: CHECKOUT });
  const lines = pdfLines(2);
  const base = pdfInvoice(lines, { payment_link_display: c.invoice, status: c.status ?? "sent", public_url: PAY_PAGE });
  const invoice = c.paidInFull ? { ...base, amount_paid: base.total_amount, amount_due: 0, paid_at: "2026-01-10T00:00:00Z" } : base;
  return { account, invoice };
}

async function emailLink(c: Case): Promise<string | null> {
  const { account, invoice } = fixtures(c);
  const mail = buildInvoiceMail({
    kind: "invoice",
    invoice,
    account,
    defaultSender: { email: "no-reply@invoices.example" },
    messageId: "<dlv_1.inv_1@invoices.example>",
    now: new Date("2026-01-05T12:00:00Z"),
  });
  const email = await parse(mail.raw);
  const inText = (email.text ?? "").includes(PAY_PAGE);
  const inHtml = (email.html ?? "").includes(`href="${PAY_PAGE}"`);
  expect(inText, "text and HTML parts agree").toBe(inHtml);
  return inText ? PAY_PAGE : null;
}

describe("the pay link, one rule on every surface", () => {
  it.each(CASES)("$name", async (c) => {
    const { account, invoice } = fixtures(c);
    const checkout = `https://checkout.example/${invoice.id}`;

    expect(await emailLink(c)).toBe(c.shown ? PAY_PAGE : null);
    expect(buildInvoiceView({ invoice, account, payUrl: invoice.public_url }).payUrl).toBe(c.shown ? PAY_PAGE : null);
    expect(buildPayPageView(invoice, account, new Date("2026-01-05T12:00:00Z"), []).payUrl).toBe(c.shown ? checkout : null);
    // Sequence carries the setting in force, not the link; it says SHOW wherever the
    // display rule lets a link through.
    const display = toSequenceInvoice(invoice, account, invoice.customer, []).renderSettings.paymentLinkDisplay;
    if (!c.status && !c.paidInFull) expect(display).toBe(c.shown ? SHOW : HIDE);
  });

  it("tells which link it is: the pay page for the email and the PDF, the checkout for the pay page", () => {
    const facts = {
      invoiceSetting: null,
      accountSetting: SHOW,
      status: "sent",
      amountDue: 100,
      payPageUrl: PAY_PAGE,
      checkoutUrl: "https://c.example/1",
    } as const;
    expect(decidePayLink(facts, "email")).toEqual({ kind: "pay_page", url: PAY_PAGE });
    expect(decidePayLink(facts, "pdf")).toEqual({ kind: "pay_page", url: PAY_PAGE });
    expect(decidePayLink(facts, "pay_page")).toEqual({ kind: "checkout", url: "https://c.example/1" });
    expect(decidePayLink({ ...facts, checkoutUrl: null }, "pay_page")).toBeNull();
    expect(decidePayLink({ ...facts, checkoutUrl: "http://c.example/1" }, "pay_page")).toBeNull();
    expect(decidePayLink({ ...facts, payPageUrl: "javascript:alert(1)" }, "email")).toBeNull();
    expect(decidePayLink({ ...facts, status: "draft" }, "pdf")).toBeNull();
    expect(decidePayLink({ ...facts, amountDue: 0 }, "email")).toBeNull();
  });
});
