/*
 * The document's lines (BG-25), its allowances (BG-20) and its VAT breakdown (BG-23), from an
 * invoice's or a credit note's lines. Every amount is one the API already shows; nothing here
 * prices anything again, so BR-CO-10..16 hold by construction.
 */
import { fromScaled, QUANTITY_PLACES, toScaled } from "../money";
import { taxableAmounts } from "../totals";
import type { Invoice, LineItem, TaxCategory } from "../types";
import { ratePercent } from "./amounts";
import type { EInvoiceAllowance, EInvoiceLine, EInvoiceVatBreakdown } from "./model";
import { text } from "./parties";
import { DEFAULT_EXEMPTION, needsExemptionReason } from "./tax-category";

/** A credit note line as the API shows it (src/db/credit-note-queries.ts). */
export type CreditNoteLineForEInvoice = {
  invoice_line_item_id: string | null;
  description: string;
  /** Decimal text; null when the line credits an amount rather than a quantity. */
  quantity: string | null;
  unit_price: number;
  amount: number;
  /** This line's share of the invoice discount. */
  discount_amount: number;
  tax_rate: string | number;
  tax_amount: number;
};

/** A document line with what the breakdown needs and where in the API each value comes from. */
export type SourcedLine = {
  line: EInvoiceLine;
  taxAmount: number;
  allowance: number;
  exemptionReason: string | null;
  exemptionReasonCode: string | null;
  /** The API path of the line itself: "line_items.2" or, on a credit note, "lines.2". */
  path: string;
  /** Where its category, exemption reason and unit live: the invoice line ("line_items.k"). */
  invoiceLinePath: string;
};

/**
 * BT-152, the rate the line was charged at: the line's rate when it is standard rated or bears
 * tax, 0 for a zero category's untaxed line (an exempt or reverse-charge customer's lines keep
 * their rate for the record only, and BR-Z-05, BR-E-05, BR-AE-05, BR-IC-05, BR-G-05 ask for 0),
 * none for O (BR-O-05).
 */
export function lineRatePercent(category: TaxCategory, taxRate: number | string, taxAmount: number): string | null {
  if (category === "O") return null;
  if (category === "S" || taxAmount !== 0) return ratePercent(taxRate);
  return "0";
}

function quantityText(quantity: number | string): string {
  const scaled = toScaled(quantity, QUANTITY_PLACES);
  if (scaled === null) throw new RangeError(`not a quantity: ${quantity}`);
  return fromScaled(scaled, QUANTITY_PLACES);
}

const negate = (quantity: string) => (quantity.startsWith("-") ? quantity.slice(1) : quantity === "0" ? quantity : `-${quantity}`);

function documentLine(
  position: number,
  item: LineItem,
  fields: { name: string; quantity: string; netPrice: number; netAmount: number; taxRate: number | string; taxAmount: number },
): EInvoiceLine {
  // BR-27: the net price is never negative. A credit line (negative unit price) is written as a
  // negative quantity of its positive price, which gives the same (negative) net amount.
  const negative = fields.netPrice < 0;
  return {
    id: String(position),
    name: fields.name,
    quantity: negative ? negate(fields.quantity) : fields.quantity,
    unitCode: text(item.unit_code) ?? "C62",
    netPrice: negative ? -fields.netPrice : fields.netPrice,
    netAmount: fields.netAmount,
    category: item.tax_category,
    ratePercent: lineRatePercent(item.tax_category, fields.taxRate, fields.taxAmount),
    sellerItemId: text(item.product_id),
    accountingCost: text(item.account_code),
  };
}

export function invoiceLines(invoice: Invoice): SourcedLine[] {
  const items = invoice.line_items;
  const taxable = taxableAmounts(
    items.map((l) => l.amount),
    invoice.discount_amount,
  );
  return items.map((item, i) => ({
    line: documentLine(i + 1, item, {
      name: item.description,
      quantity: quantityText(item.quantity),
      netPrice: item.unit_price,
      netAmount: item.amount,
      taxRate: item.tax_rate,
      taxAmount: item.tax_amount,
    }),
    taxAmount: item.tax_amount,
    // The one rule for a line's share of the discount (totals.ts), so the allowances add up to what the API taxed.
    allowance: item.amount - (taxable[i] ?? item.amount),
    exemptionReason: text(item.tax_exemption_reason),
    exemptionReasonCode: text(item.tax_exemption_reason_code),
    path: `line_items.${i}`,
    invoiceLinePath: `line_items.${i}`,
  }));
}

/**
 * A credit note line takes its category, unit and reason from the invoice line it credits; a
 * line that names none (or one the invoice does not have) takes the invoice's first line's.
 */
export function creditNoteLines(lines: CreditNoteLineForEInvoice[], invoice: Invoice): SourcedLine[] {
  const first = invoice.line_items[0];
  if (!first) throw new Error("a credit note needs an invoice with lines");
  return lines.map((l, i) => {
    const k = invoice.line_items.findIndex((item) => item.id === l.invoice_line_item_id);
    const item = k >= 0 ? invoice.line_items[k]! : first;
    // Credited by amount: one unit at the amount (BT-129 is mandatory, BR-22).
    const byAmount = l.quantity === null;
    return {
      line: documentLine(i + 1, item, {
        name: l.description,
        quantity: byAmount ? "1" : quantityText(l.quantity as string),
        netPrice: byAmount ? l.amount : l.unit_price,
        netAmount: l.amount,
        taxRate: l.tax_rate,
        taxAmount: l.tax_amount,
      }),
      taxAmount: l.tax_amount,
      allowance: l.discount_amount,
      exemptionReason: text(item.tax_exemption_reason),
      exemptionReasonCode: text(item.tax_exemption_reason_code),
      path: `lines.${i}`,
      invoiceLinePath: `line_items.${Math.max(k, 0)}`,
    };
  });
}

/** The (category, rate) key lines, allowances and breakdown rows are grouped by (BR-S-08, BR-Z-08 …). */
export function groupKey(category: TaxCategory, rate: string | null): string {
  return `${category}|${rate ?? ""}`;
}

/** Lines grouped by category and rate, in the order the groups first appear. */
export function groupLines(lines: SourcedLine[]): SourcedLine[][] {
  const groups = new Map<string, SourcedLine[]>();
  for (const l of lines) {
    const key = groupKey(l.line.category, l.line.ratePercent);
    const group = groups.get(key);
    if (group) group.push(l);
    else groups.set(key, [l]);
  }
  return [...groups.values()];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** BG-20: the document discount, one allowance per category and rate; none where it is zero. */
export function allowances(groups: SourcedLine[][]): EInvoiceAllowance[] {
  return groups
    .map((g) => ({ amount: sum(g.map((l) => l.allowance)), category: g[0]!.line.category, ratePercent: g[0]!.line.ratePercent, reason: "Discount" }))
    .filter((a) => a.amount !== 0);
}

const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].join("; ") || null;

/** BG-23: per category and rate, the API's taxable base and the API's tax, never recomputed. */
export function vatBreakdown(groups: SourcedLine[][]): EInvoiceVatBreakdown[] {
  return groups.map((g) => {
    const { category, ratePercent } = g[0]!.line;
    const row: EInvoiceVatBreakdown = {
      category,
      ratePercent,
      taxableAmount: sum(g.map((l) => l.line.netAmount - l.allowance)),
      taxAmount: sum(g.map((l) => l.taxAmount)),
      exemptionReason: null,
      exemptionReasonCode: null,
    };
    // S and Z must not carry a reason (BR-S-10, BR-Z-10); the others must (BR-E-10, BR-AE-10 …).
    if (!needsExemptionReason(category)) return row;
    const reason = distinct(g.map((l) => l.exemptionReason));
    const code = distinct(g.map((l) => l.exemptionReasonCode));
    const fallback = reason || code ? null : DEFAULT_EXEMPTION[category];
    return { ...row, exemptionReason: reason ?? fallback?.text ?? null, exemptionReasonCode: code ?? fallback?.code ?? null };
  });
}
