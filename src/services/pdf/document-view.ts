/*
 * What every document the renderer draws has in common (an invoice, a credit note): the
 * header, the parties, the line table, the tax summary and totals, the footer. Each view
 * builder fills these strings; the sections draw them without knowing which document it is.
 */
import type { Account, Invoice, TaxStatus } from "../../domain/types";
import { postalAddressLines } from "../../domain/postal-address";
import { percent } from "./view-format";

export type Stamp = "DRAFT" | "VOID" | "PAID";

export type DocumentLine = { description: string; quantity: string; unitPrice: string; taxRate: string; amount: string };
export type TotalRow = { label: string; value: string; strong?: boolean };

export type DocumentView = {
  documentTitle: string;
  heading: string;
  number: string | null;
  stamp: Stamp | null;
  merchantName: string;
  merchantLines: string[];
  billTo: string[];
  shipTo: string[];
  details: Array<[string, string]>;
  lines: DocumentLine[];
  taxSummary: Array<[rate: string, taxable: string, tax: string]>;
  totals: TotalRow[];
  footer: string;
};

/** The merchant block under the name: legal name, address, tax id, contact. */
export function merchantLines(account: Account, locale: string): string[] {
  return [
    ...(account.legal_name && account.legal_name !== account.name ? [account.legal_name] : []),
    ...postalAddressLines(account.address, locale),
    ...(account.tax_id ? [`Tax ID: ${account.tax_id}`] : []),
    ...[account.email, account.phone].filter((v): v is string => !!v),
  ];
}

/** The customer as the invoice bills them: name, address, tax id, email. */
export function billToLines(invoice: Pick<Invoice, "customer" | "billing_address">, locale: string): string[] {
  const customer = invoice.customer;
  return [
    customer.legal_name || customer.name,
    ...(customer.legal_name && customer.legal_name !== customer.name ? [customer.name] : []),
    ...postalAddressLines(invoice.billing_address ?? customer.billing_address ?? null, locale),
    ...(customer.tax_id ? [`Tax ID: ${customer.tax_id}`] : []),
    ...(customer.email ? [customer.email] : []),
  ];
}

export function shipToLines(invoice: Pick<Invoice, "customer" | "shipping_address">, locale: string): string[] {
  const shipping = invoice.shipping_address ?? invoice.customer.shipping_address ?? null;
  return shipping ? postalAddressLines(shipping, locale) : [];
}

/**
 * Tax per rate: the base it was computed on (after the discount) and the tax, in rate order.
 * A single 0 % rate says nothing and is left out.
 */
export function taxSummary(
  lines: Array<{ rate: number; taxable: number; tax: number }>,
  money: (amount: number) => string,
  locale: string,
): DocumentView["taxSummary"] {
  const rates = new Map<number, { taxable: number; tax: number }>();
  for (const line of lines) {
    const entry = rates.get(line.rate) ?? { taxable: 0, tax: 0 };
    entry.taxable += line.taxable;
    entry.tax += line.tax;
    rates.set(line.rate, entry);
  }
  return [...rates.entries()]
    .filter(([rate]) => rate > 0 || rates.size > 1)
    .sort(([a], [b]) => a - b)
    .map(([rate, { taxable, tax }]): [string, string, string] => [percent(rate, locale), money(taxable), money(tax)]);
}

/** The statement the law asks for when no tax is charged; null when the customer is taxed. */
export function taxStatusNote(status: TaxStatus, document: "invoice" | "credit note"): string | null {
  if (status === "reverse_charge") return "Reverse charge: the customer accounts for the tax due on this supply.";
  if (status === "exempt") return `Tax exempt: no tax is charged on this ${document}.`;
  return null;
}

/** Every string the shared sections may draw, so the font loader knows which scripts occur. */
export function documentTexts(view: DocumentView): string[] {
  return [
    view.documentTitle,
    view.heading,
    view.number ?? "",
    view.merchantName,
    view.footer,
    ...view.merchantLines,
    ...view.billTo,
    ...view.shipTo,
    ...view.details.flat(),
    ...view.lines.flatMap((l) => [l.description, l.quantity, l.unitPrice, l.taxRate, l.amount]),
    ...view.taxSummary.flat(),
    ...view.totals.flatMap((t) => [t.label, t.value]),
  ];
}
