/*
 * Everything the invoice PDF prints, as strings: amounts through formatMoney, dates and numbers
 * through Intl for the invoice's locale. Pure, so what the document says is tested apart
 * from where it is drawn, and the font loader can see every string before drawing starts.
 */
import { formatMoney } from "../../domain/money";
import { taxableAmounts } from "../../domain/totals";
import type { Account, Address, Invoice } from "../../domain/types";
import { bankInstructions, type PaymentMethod } from "./bank-instructions";
import { payLinkFor } from "../../domain/pay-link";
import { postalAddressLines } from "../../domain/postal-address";
import { billToLines, type DocumentView, merchantLines, shipToLines, type Stamp, taxStatusNote, taxSummary } from "./document-view";
import { formatDate, percent, quantityFormat } from "./view-format";

export type { Stamp } from "./document-view";
export { formatDate } from "./view-format";

export type RenderInput = {
  invoice: Invoice;
  account: Account;
  /** The hosted pay page; printed as a link unless the invoice or account hides it. */
  payUrl: string | null;
  locale?: string;
  now?: Date;
  /** PNG or JPEG bytes of the merchant's logo (account.logo_url), fetched by the caller. */
  logo?: Uint8Array;
};

export type InvoiceView = DocumentView & {
  payUrl: string | null;
  payment: PaymentMethod[];
  notes: string | null;
  memo: string | null;
  taxNote: string | null;
};

export function buildInvoiceView(input: RenderInput): InvoiceView {
  const { invoice, account } = input;
  const locale = input.locale ?? invoice.customer.locale ?? "en-US";
  const money = (amount: number) => formatMoney(amount, invoice.currency, locale);
  const date = (iso: string) => formatDate(iso, locale);
  const quantity = quantityFormat(locale);
  const number = invoice.invoice_number;

  const details: Array<[string, string]> = [];
  details.push(["Invoice number", number ?? "Draft"]);
  details.push(["Issue date", date(invoice.issue_date)]);
  details.push(["Due date", date(invoice.due_date)]);
  if (invoice.payment_terms) details.push(["Terms", invoice.payment_terms]);
  if (invoice.purchase_order_number) details.push(["PO number", invoice.purchase_order_number]);
  if (invoice.reference) details.push(["Reference", invoice.reference]);
  if (invoice.billing_period) details.push(["Billing period", `${date(invoice.billing_period.start)} – ${date(invoice.billing_period.end_inclusive)}`]);

  // The base the tax was computed on: after the discount, exactly as the lines were priced.
  const bases = taxableAmounts(
    invoice.line_items.map((l) => l.amount),
    invoice.discount_amount,
  );
  const taxes = taxSummary(
    invoice.line_items.map((line, i) => ({ rate: line.tax_rate, taxable: bases[i]!, tax: line.tax_amount })),
    money,
    locale,
  );

  const totals: InvoiceView["totals"] = [{ label: "Subtotal", value: money(invoice.subtotal) }];
  if (invoice.discount_amount > 0) {
    const label = invoice.discount?.type === "percent" ? `Discount (${percent(invoice.discount.percent / 100, locale)})` : "Discount";
    totals.push({ label, value: money(-invoice.discount_amount) });
  }
  totals.push({ label: "Tax", value: money(invoice.tax_amount) });
  totals.push({ label: "Total", value: money(invoice.total_amount), strong: true });
  if (invoice.amount_paid > 0) totals.push({ label: "Amount paid", value: money(-invoice.amount_paid) });
  totals.push({ label: "Amount due", value: money(invoice.amount_due), strong: true });

  const payable = !["paid", "voided", "uncollectible", "draft"].includes(invoice.status);

  return {
    documentTitle: number ? `Invoice ${number}` : "Draft invoice",
    heading: "INVOICE",
    number,
    stamp: stampFor(invoice),
    merchantName: account.name,
    merchantLines: merchantLines(account, locale),
    billTo: billToLines(invoice, locale),
    shipTo: shipToLines(invoice, locale),
    details,
    lines: invoice.line_items.map((line) => ({
      description: line.description,
      quantity: quantity(line.quantity),
      unitPrice: money(line.unit_price),
      taxRate: line.tax_rate > 0 ? percent(line.tax_rate, locale) : "",
      amount: money(line.amount),
    })),
    taxSummary: taxes,
    totals,
    payUrl: payLinkFor(invoice, account, "pdf", input.payUrl)?.url ?? null,
    payment: payable ? bankInstructions(account.bank_details, invoice.currency) : [],
    notes: invoice.notes?.trim() || null,
    memo: invoice.memo?.trim() || null,
    taxNote: taxStatusNote(invoice.customer_tax_status, "invoice"),
    footer: [account.legal_name || account.name, number ?? "Draft"].join(" · "),
  };
}

function stampFor(invoice: Invoice): Stamp | null {
  if (invoice.status === "voided") return "VOID";
  if (invoice.invoice_number === null || invoice.status === "draft") return "DRAFT";
  if (invoice.status === "paid") return "PAID";
  return null;
}

/** A postal address as printed lines; the pay page prints the same (domain/postal-address.ts). */
export const addressLines: (address: Address | null | undefined, locale: string) => string[] = postalAddressLines;
