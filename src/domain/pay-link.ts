/*
 * Whether a customer is offered a link to pay, and which one: the one rule behind the email,
 * the PDF, the pay page and the Sequence view. The email and the PDF point at the hosted pay
 * page; the pay page itself points at the merchant's checkout. An invoice's own
 * payment_link_display wins; null means it follows the account's.
 */
import { checkoutUrl } from "./checkout-url";
import type { Account, Invoice, InvoiceStatus, PaymentLinkDisplay } from "./types";
import { OPEN_STATUSES } from "./lifecycle";

/** Where the link is shown. */
export type PayLinkSurface = "email" | "pdf" | "pay_page";

export type PayLink = { kind: "pay_page" | "checkout"; url: string };

export type PayLinkFacts = {
  invoiceSetting: PaymentLinkDisplay | null;
  accountSetting: PaymentLinkDisplay;
  status: InvoiceStatus;
  amountDue: number;
  /** The invoice's hosted pay page. */
  payPageUrl: string | null;
  /** The account's checkout_url_template, filled in for this invoice. */
  checkoutUrl: string | null;
};

// Statuses in which money is still expected: a draft has no number to pay against, and a
// paid, voided or uncollectible invoice asks for nothing.
const PAYABLE: ReadonlySet<InvoiceStatus> = new Set(OPEN_STATUSES);

/** The setting in force for the invoice: its own, else the account's. */
export function effectiveLinkDisplay(invoiceSetting: PaymentLinkDisplay | null, accountSetting: PaymentLinkDisplay): PaymentLinkDisplay {
  return invoiceSetting ?? accountSetting;
}

/** The link to show on `surface`, or null when none is to be shown. */
export function decidePayLink(facts: PayLinkFacts, surface: PayLinkSurface): PayLink | null {
  if (effectiveLinkDisplay(facts.invoiceSetting, facts.accountSetting) === "HIDE_PAYMENT_LINK") return null;
  if (!PAYABLE.has(facts.status) || facts.amountDue <= 0) return null;
  if (surface === "pay_page") {
    // The customer is already on the pay page; only an https checkout is worth a button.
    return facts.checkoutUrl && /^https:\/\//i.test(facts.checkoutUrl) ? { kind: "checkout", url: facts.checkoutUrl } : null;
  }
  const url = webUrl(facts.payPageUrl);
  return url ? { kind: "pay_page", url } : null;
}

export type PayLinkInvoice = Pick<Invoice, "id" | "invoice_number" | "status" | "amount_due" | "currency" | "payment_link_display" | "public_url">;
export type PayLinkAccount = Pick<Account, "payment_link_display" | "checkout_url_template">;

/** The facts of a stored invoice; `payPageUrl` replaces the invoice's public_url when given. */
export function payLinkFacts(invoice: PayLinkInvoice, account: PayLinkAccount, payPageUrl: string | null = invoice.public_url): PayLinkFacts {
  return {
    invoiceSetting: invoice.payment_link_display,
    accountSetting: account.payment_link_display,
    status: invoice.status,
    amountDue: invoice.amount_due,
    payPageUrl,
    checkoutUrl: checkoutUrl(account.checkout_url_template, {
      invoice_id: invoice.id,
      invoice_number: invoice.invoice_number ?? invoice.id,
      amount: invoice.amount_due,
      currency: invoice.currency,
    }),
  };
}

/** `decidePayLink` for a stored invoice and its account. */
export function payLinkFor(invoice: PayLinkInvoice, account: PayLinkAccount, surface: PayLinkSurface, payPageUrl?: string | null): PayLink | null {
  return decidePayLink(payLinkFacts(invoice, account, payPageUrl === undefined ? invoice.public_url : payPageUrl), surface);
}

/** Only http(s) links go into an href; anything else is left out rather than escaped. */
function webUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
