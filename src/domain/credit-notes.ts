import { DomainError } from "./errors";
import { divideRounded, fromScaled, QUANTITY_PLACES, RATE_PLACES, type RoundingMode, toScaled } from "./money";
import { allocate, taxableAmounts } from "./totals";
import { type CreditedPart, creditedTaxes } from "./credit-note-tax";
import type { TaxCategory } from "./types";

/*
 * Credit notes, priced by the invoice's own rules in integer minor units. A note credits part
 * of invoice lines: an amount of a line (or a quantity, priced at the line's unit price), with
 * the same share of the line's discount and its tax. Whatever earlier notes credited is taken
 * off what is left, and the note that credits the last of a line takes exactly what is left of
 * its discount and tax, so that all notes together never credit more than was invoiced, to
 * the unit. The tax is the invoice's too: per VAT category and rate, rounded once
 * (creditedTaxes).
 */

export const CREDIT_NOTE_REASONS = ["duplicate", "fraudulent", "order_change", "product_unsatisfactory", "other"] as const;
export type CreditNoteReason = (typeof CREDIT_NOTE_REASONS)[number];

/** An invoice line as stored, with what earlier (unvoided) notes credited of it. */
export type CreditableLine = {
  id: string;
  description: string;
  quantity: string;
  unit_price: number;
  amount: number;
  tax_rate: string;
  tax_amount: number;
  /** Whether the line bears tax follows from its category (isTaxed), as it did when it was priced. */
  tax_category: TaxCategory;
  credited: { amount: number; quantity: string; discount: number; tax: number };
};

export type CreditLineRequest = { invoice_line_item_id: string; quantity?: number | string; amount?: number };

export type CreditRequest = { lines?: CreditLineRequest[]; amount?: number };

export type PricedCreditLine = {
  invoice_line_item_id: string;
  description: string;
  /** Null when credited by amount. */
  quantity: string | null;
  unit_price: number;
  amount: number;
  discount_amount: number;
  tax_rate: string;
  tax_amount: number;
};

export type PricedCreditNote = {
  lines: PricedCreditLine[];
  subtotal: number;
  discount_amount: number;
  tax_amount: number;
  total_amount: number;
};

type Context = { lines: CreditableLine[]; invoiceDiscount: number; rounding: RoundingMode };

/** Prices a note from `lines` (amounts or quantities of invoice lines) or a lump `amount` before tax. */
export function priceCreditNote(request: CreditRequest, ctx: Context): PricedCreditNote {
  if (request.lines?.length && request.amount !== undefined)
    throw new DomainError("amount", "Give lines or a lump amount, not both: a lump amount is spread over the invoice's lines.");
  const shares = taxableAmounts(
    ctx.lines.map((l) => l.amount),
    ctx.invoiceDiscount,
  ).map((taxable, i) => ctx.lines[i]!.amount - taxable);
  const credits = request.lines?.length ? byLine(request.lines, ctx) : request.amount !== undefined ? byLump(request.amount, ctx) : null;
  if (!credits) throw new DomainError("lines", "Say what the note credits: lines (whole, a quantity or an amount of each), or a lump amount.");
  const parts = credits.map(({ index, amount, quantity }) => pricePart(ctx.lines[index]!, shares[index]!, amount, quantity, ctx));
  const taxes = creditedTaxes(
    parts.map((p) => p.tax),
    ctx.rounding,
  );
  const priced = parts.map(({ line }, i) => ({ ...line, tax_amount: taxes[i]! }));
  const subtotal = priced.reduce((s, l) => s + l.amount, 0);
  const discount = priced.reduce((s, l) => s + l.discount_amount, 0);
  const tax = priced.reduce((s, l) => s + l.tax_amount, 0);
  const total = subtotal - discount + tax;
  const param = request.amount !== undefined ? "amount" : "lines";
  if (total <= 0) throw new DomainError(param, "A credit note must credit more than zero.");
  // Never more than invoiced in all: a line can only be credited up to itself, but an invoice's
  // credit lines (negative prices) lower its total and can never be credited, so the lines alone
  // do not bound the notes.
  const left = totalLeft(ctx.lines, shares);
  if (total > left) throw new DomainError(param, `This note (${total}) would credit more than is left of the invoice's total to credit (${left}).`);
  return { lines: priced, subtotal, discount_amount: discount, tax_amount: tax, total_amount: total };
}

type Credit = { index: number; amount: number; quantity: bigint | null };

/** The invoice's total (Σ amount − discount share + tax) less every issued note's total so far. */
function totalLeft(lines: CreditableLine[], shares: number[]): number {
  return lines.reduce((sum, l, i) => sum + l.amount - shares[i]! + l.tax_amount - (l.credited.amount - l.credited.discount + l.credited.tax), 0);
}

const remaining = (line: CreditableLine) => line.amount - line.credited.amount;

function byLine(requests: CreditLineRequest[], ctx: Context): Credit[] {
  const seen = new Set<string>();
  return requests.map((r, i) => {
    const param = `lines.${i}`;
    const index = ctx.lines.findIndex((l) => l.id === r.invoice_line_item_id);
    if (index < 0) throw new DomainError(`${param}.invoice_line_item_id`, `No line '${r.invoice_line_item_id}' on this invoice.`);
    if (seen.has(r.invoice_line_item_id)) throw new DomainError(`${param}.invoice_line_item_id`, "Each invoice line can appear once in a credit note.");
    seen.add(r.invoice_line_item_id);
    const line = ctx.lines[index]!;
    const left = remaining(line);
    if (left <= 0) throw new DomainError(`${param}.invoice_line_item_id`, "This line has already been credited in full.");
    if (r.quantity !== undefined && r.amount !== undefined) throw new DomainError(`${param}.amount`, "Give a quantity or an amount of the line, not both.");
    if (r.amount !== undefined) {
      if (!Number.isSafeInteger(r.amount) || r.amount <= 0) throw new DomainError(`${param}.amount`, "amount must be a positive integer in minor units.");
      if (r.amount > left) throw new DomainError(`${param}.amount`, `amount ${r.amount} is more than is left to credit on this line (${left}).`);
      return { index, amount: r.amount, quantity: null };
    }
    const quantityLeft = toScaled(line.quantity, QUANTITY_PLACES)! - toScaled(line.credited.quantity, QUANTITY_PLACES)!;
    const leftByQuantity = Number(divideRounded(quantityLeft * BigInt(line.unit_price), 10n ** BigInt(QUANTITY_PLACES), ctx.rounding));
    // The rest of the line: its quantity too, unless earlier notes credited amounts that no quantity prices.
    if (r.quantity === undefined) return { index, amount: left, quantity: leftByQuantity === left ? quantityLeft : null };
    const quantity = toScaled(r.quantity, QUANTITY_PLACES);
    if (quantity === null || quantity <= 0n) throw new DomainError(`${param}.quantity`, "quantity must be a positive number with at most 4 decimal places.");
    if (quantity > quantityLeft)
      throw new DomainError(`${param}.quantity`, `quantity ${fromScaled(quantity, QUANTITY_PLACES)} is more than is left to credit on this line.`);
    const amount = quantity === quantityLeft ? left : Number(divideRounded(quantity * BigInt(line.unit_price), 10n ** BigInt(QUANTITY_PLACES), ctx.rounding));
    return { index, amount: Math.min(amount, left), quantity };
  });
}

/** A lump amount before tax, spread over what is left of each line, as the discount is. */
function byLump(amount: number, ctx: Context): Credit[] {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new DomainError("amount", "amount must be a positive integer in minor units.");
  const left = ctx.lines.map(remaining);
  const available = left.reduce((s, a) => s + Math.max(a, 0), 0);
  if (amount > available) throw new DomainError("amount", `amount ${amount} is more than is left to credit on this invoice (${available} before tax).`);
  const parts = allocate(
    amount,
    left.map((a) => Math.max(a, 0)),
  );
  return parts.flatMap((part, index) => (part > 0 ? [{ index, amount: part, quantity: null }] : []));
}

/** A credited part's amount and discount, and what its tax depends on (priced per group by creditedTaxes). */
function pricePart(line: CreditableLine, share: number, amount: number, quantity: bigint | null, ctx: Context) {
  const creditedAfter = line.credited.amount + amount;
  const completes = creditedAfter === line.amount;
  const discountLeft = share - line.credited.discount;
  // The last of a line takes exactly what is left. A part takes the line's discount in proportion
  // to all that is credited of the line with it, less what earlier notes took: rounded on the
  // running total, so many small notes cannot each round their share down and together credit
  // more than the line was worth after its discount. Never more than is left, never below 0.
  const cumulative = line.amount === 0 ? 0 : Number(divideRounded(BigInt(share) * BigInt(creditedAfter), BigInt(line.amount), ctx.rounding));
  const discount = completes ? discountLeft : Math.min(discountLeft, Math.max(0, cumulative - line.credited.discount));
  const tax: CreditedPart = {
    taxable: amount - discount,
    rate: toScaled(line.tax_rate, RATE_PLACES)!,
    category: line.tax_category,
    completes,
    taxLeft: line.tax_amount - line.credited.tax,
  };
  const priced: Omit<PricedCreditLine, "tax_amount"> = {
    invoice_line_item_id: line.id,
    description: line.description,
    quantity: quantity === null ? null : fromScaled(quantity, QUANTITY_PLACES),
    unit_price: line.unit_price,
    amount,
    discount_amount: discount,
    tax_rate: line.tax_rate,
  };
  return { line: priced, tax };
}

/** What the invoice still asks for, and what was paid and not yet given back. */
export type CreditTarget = { amount_due: number; amount_paid: number; amount_refunded: number };

export type CreditSplit = { due_amount: number; refund_amount: number; credit_amount: number; out_of_band_amount: number };

/**
 * Where a note's total goes (Stripe's rule): first off what the invoice still asks for; the
 * rest, when the invoice was paid, as the caller splits it between a refund, the customer's
 * credit balance and money settled outside, which must add up to it exactly.
 */
export function splitCredit(total: number, target: CreditTarget, given: Partial<Omit<CreditSplit, "due_amount">>): CreditSplit {
  const due = Math.min(total, Math.max(target.amount_due, 0));
  const rest = total - due;
  const parts = { refund_amount: given.refund_amount ?? 0, credit_amount: given.credit_amount ?? 0, out_of_band_amount: given.out_of_band_amount ?? 0 };
  for (const [field, value] of Object.entries(parts))
    if (!Number.isSafeInteger(value) || value < 0) throw new DomainError(field, `${field} must be a non-negative integer in minor units.`);
  const sum = parts.refund_amount + parts.credit_amount + parts.out_of_band_amount;
  if (sum !== rest) {
    const field = given.refund_amount !== undefined ? "refund_amount" : given.credit_amount !== undefined ? "credit_amount" : "refund_amount";
    throw new DomainError(
      field,
      rest === 0
        ? `The invoice still asks for ${target.amount_due}, which covers this note's ${total}: nothing is left to refund or credit to the balance.`
        : `Of this note's ${total}, ${due} comes off what is due and ${rest} was already paid: split those ${rest} into refund_amount, credit_amount and out_of_band_amount (they add up to ${sum}).`,
    );
  }
  const refundable = target.amount_paid - target.amount_refunded;
  if (parts.refund_amount > refundable)
    throw new DomainError("refund_amount", `refund_amount ${parts.refund_amount} is more than was paid and not yet refunded (${refundable}).`);
  return { due_amount: due, ...parts };
}
