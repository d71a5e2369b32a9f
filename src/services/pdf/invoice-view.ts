/*
 * Everything the PDF prints, as strings: amounts through formatMoney, dates and numbers
 * through Intl for the invoice's locale. Pure, so what the document says is tested apart
 * from where it is drawn, and the font loader can see every string before drawing starts.
 */
import { formatMoney } from "../../domain/money";
import { taxableAmounts } from "../../domain/totals";
import type { Account, Address, Invoice } from "../../domain/types";
import { bankInstructions, type PaymentMethod } from "./bank-instructions";
import { payLinkFor } from "../../domain/pay-link";
import { postalAddressLines } from "../../domain/postal-address";

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

export type Stamp = "DRAFT" | "VOID" | "PAID";

export type InvoiceView = {
  documentTitle: string;
  heading: string;
  number: string | null;
  stamp: Stamp | null;
  merchantName: string;
  merchantLines: string[];
  billTo: string[];
  shipTo: string[];
  details: Array<[string, string]>;
  lines: Array<{ description: string; quantity: string; unitPrice: string; taxRate: string; amount: string }>;
  taxSummary: Array<[rate: string, taxable: string, tax: string]>;
  totals: Array<{ label: string; value: string; strong?: boolean }>;
  payUrl: string | null;
  payment: PaymentMethod[];
  notes: string | null;
  memo: string | null;
  taxNote: string | null;
  footer: string;
};

export function buildInvoiceView(input: RenderInput): InvoiceView {
  const { invoice, account } = input;
  const locale = input.locale ?? invoice.customer.locale ?? "en-US";
  const money = (amount: number) => formatMoney(amount, invoice.currency, locale);
  const date = (iso: string) => formatDate(iso, locale);
  const quantity = numberFormat(locale, { maximumFractionDigits: 4 });
  const number = invoice.invoice_number;
  const customer = invoice.customer;

  const details: Array<[string, string]> = [];
  details.push(["Invoice number", number ?? "Draft"]);
  details.push(["Issue date", date(invoice.issue_date)]);
  details.push(["Due date", date(invoice.due_date)]);
  if (invoice.payment_terms) details.push(["Terms", invoice.payment_terms]);
  if (invoice.purchase_order_number) details.push(["PO number", invoice.purchase_order_number]);
  if (invoice.reference) details.push(["Reference", invoice.reference]);
  if (invoice.billing_period) details.push(["Billing period", `${date(invoice.billing_period.start)} – ${date(invoice.billing_period.end_inclusive)}`]);

  const billTo = [
    customer.legal_name || customer.name,
    ...(customer.legal_name && customer.legal_name !== customer.name ? [customer.name] : []),
    ...addressLines(invoice.billing_address ?? customer.billing_address ?? null, locale),
    ...(customer.tax_id ? [`Tax ID: ${customer.tax_id}`] : []),
    ...(customer.email ? [customer.email] : []),
  ];
  const shipping = invoice.shipping_address ?? customer.shipping_address ?? null;

  // The base the tax was computed on: after the discount, exactly as the lines were priced.
  const bases = taxableAmounts(
    invoice.line_items.map((l) => l.amount),
    invoice.discount_amount,
  );
  const rates = new Map<number, { taxable: number; tax: number }>();
  for (const [i, line] of invoice.line_items.entries()) {
    const entry = rates.get(line.tax_rate) ?? { taxable: 0, tax: 0 };
    entry.taxable += bases[i]!;
    entry.tax += line.tax_amount;
    rates.set(line.tax_rate, entry);
  }
  const taxSummary = [...rates.entries()]
    .filter(([rate]) => rate > 0 || rates.size > 1)
    .sort(([a], [b]) => a - b)
    .map(([rate, { taxable, tax }]): [string, string, string] => [percent(rate, locale), money(taxable), money(tax)]);

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
    merchantLines: [
      ...(account.legal_name && account.legal_name !== account.name ? [account.legal_name] : []),
      ...addressLines(account.address, locale),
      ...(account.tax_id ? [`Tax ID: ${account.tax_id}`] : []),
      ...[account.email, account.phone].filter((v): v is string => !!v),
    ],
    billTo,
    shipTo: shipping ? addressLines(shipping, locale) : [],
    details,
    lines: invoice.line_items.map((line) => ({
      description: line.description,
      quantity: quantity.format(line.quantity),
      unitPrice: money(line.unit_price),
      taxRate: line.tax_rate > 0 ? percent(line.tax_rate, locale) : "",
      amount: money(line.amount),
    })),
    taxSummary,
    totals,
    payUrl: payLinkFor(invoice, account, "pdf", input.payUrl)?.url ?? null,
    payment: payable ? bankInstructions(account.bank_details, invoice.currency) : [],
    notes: invoice.notes?.trim() || null,
    memo: invoice.memo?.trim() || null,
    taxNote:
      invoice.customer_tax_status === "reverse_charge"
        ? "Reverse charge: the customer accounts for the tax due on this supply."
        : invoice.customer_tax_status === "exempt"
          ? "Tax exempt: no tax is charged on this invoice."
          : null,
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

export function formatDate(iso: string, locale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso;
  const at = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" };
  return cached(`date|${locale}`, () => {
    try {
      return new Intl.DateTimeFormat(locale, options);
    } catch {
      return new Intl.DateTimeFormat("en-US", options);
    }
  }).format(at);
}

function percent(fraction: number, locale: string): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 4 }).format(fraction);
}

/** An Intl formatter for the locale, or for en-US when the locale tag is not one Intl knows. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`number|${locale}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.NumberFormat(locale, options);
    } catch {
      return new Intl.NumberFormat("en-US", options);
    }
  });
}

/**
 * Intl formatters are immutable and costly to build (tens of µs each, a large share of a
 * small invoice's render), so they are kept per isolate. Bounded: keys come from a
 * locale tag, and an unbounded stream of distinct tags just resets the cache.
 */
const formatters = new Map<string, unknown>();
function cached<T>(key: string, create: () => T): T {
  let value = formatters.get(key) as T | undefined;
  if (value === undefined) {
    if (formatters.size > 200) formatters.clear();
    value = create();
    formatters.set(key, value);
  }
  return value;
}
