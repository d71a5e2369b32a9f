import { QUANTITY_PLACES, RATE_PLACES, divideRounded, fromScaled, toScaled, type RoundingMode } from "./money";
import type { Discount, TaxCategory, TaxStatus } from "./types";
import { DomainError } from "./errors";
import { isTaxed, lineTaxCategory } from "./e-invoice/tax-category";
import { categoryRateProblem, exemptionReasonProblem } from "./e-invoice/tax-category-rules";

export type LineInput = {
  description: string;
  quantity: number | string;
  unit_price: number;
  tax_rate?: number | string | null;
  /** The VAT category, when the line names one; otherwise derived (lineTaxCategory). */
  tax_category?: TaxCategory | null;
  tax_exemption_reason?: string | null;
  tax_exemption_reason_code?: string | null;
  /** UN/ECE Rec 20; "C62" (one) when absent. */
  unit_code?: string | null;
  product_id?: string | null;
  account_code?: string | null;
};

export type PricedLine = {
  description: string;
  /** Decimal text, at most 4 places. */
  quantity: string;
  unit_price: number;
  amount: number;
  /** Decimal text of the fraction, at most 6 places. */
  tax_rate: string;
  tax_amount: number;
  /** The category the line takes (named or derived): the one its tax was computed under. */
  tax_category: TaxCategory;
  /** The category as the line named it, null when derived: what is stored, so a repriced draft derives it again. */
  tax_category_override: TaxCategory | null;
  tax_exemption_reason: string | null;
  tax_exemption_reason_code: string | null;
  unit_code: string;
  product_id: string | null;
  account_code: string | null;
};

export type PricedInvoice = {
  lines: PricedLine[];
  subtotal: number;
  discount_amount: number;
  tax_amount: number;
  total_amount: number;
};

const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Prices an invoice from its lines: amount = round(quantity × unit_price) per line,
 * subtotal = Σ amount, total = subtotal − discount + tax.
 *
 * An invoice-level discount lowers the taxable base (as VAT and US sales tax both require):
 * it is spread over the lines in proportion to their amounts, the remainder going to the
 * largest lines. Tax is computed per VAT category and rate, as EN 16931 does (BR-CO-17: a
 * breakdown's tax is its taxable amount × its rate, rounded once): the lines of each taxed
 * (category, rate) group bear round(Σ taxable × rate) together, split over them by largest
 * remainder of their exact tax (taxPerLine), so the invoice's tax and its e-invoice's VAT breakdown
 * are the same numbers, and 500 lines rounded one by one cannot drift from their group's tax.
 * A group of one line pays exactly round(taxable × rate), as before.
 * Only standard-rated lines (S) are taxed: an exempt or reverse-charge customer's lines are E
 * or AE and pay nothing; the rates stay on the lines for the record.
 */
export function priceInvoice(input: { lines: LineInput[]; discount: Discount | null; taxStatus: TaxStatus; rounding: RoundingMode }): PricedInvoice {
  const { rounding } = input;
  const parsed = input.lines.map((line, i) => {
    const quantity = toScaled(line.quantity, QUANTITY_PLACES);
    if (quantity === null || quantity < 0n)
      throw new DomainError(`line_items.${i}.quantity`, "Quantity must be a non-negative number with at most 4 decimal places.");
    const rate = toScaled(line.tax_rate ?? 0, RATE_PLACES);
    if (rate === null || rate < 0n || rate > 10n ** BigInt(RATE_PLACES))
      throw new DomainError(`line_items.${i}.tax_rate`, "tax_rate must be a fraction between 0 and 1 with at most 6 decimal places (0.08 is 8%).");
    if (!Number.isSafeInteger(line.unit_price))
      throw new DomainError(`line_items.${i}.unit_price`, "unit_price must be an integer in the currency's minor unit.");
    const amount = divideRounded(quantity * BigInt(line.unit_price), 10n ** BigInt(QUANTITY_PLACES), rounding);
    if (amount > MAX_AMOUNT || amount < -MAX_AMOUNT) throw new DomainError(`line_items.${i}.quantity`, "The line amount is too large.");
    return { line, quantity, rate, amount: Number(amount), category: checkedCategory(line, i, rate, input.taxStatus) };
  });

  const subtotalBig = parsed.reduce((sum, p) => sum + BigInt(p.amount), 0n);
  if (subtotalBig > MAX_AMOUNT || subtotalBig < -MAX_AMOUNT) throw new DomainError("line_items", "The invoice subtotal is too large.");
  const subtotal = Number(subtotalBig);

  const discountAmount = discountFor(input.discount, subtotal, rounding);
  const taxable = taxableAmounts(
    parsed.map((p) => p.amount),
    discountAmount,
  );
  const taxes = taxPerLine(
    parsed.map((p, i) => ({ taxable: taxable[i]!, rate: p.rate, category: p.category })),
    rounding,
  );

  const lines: PricedLine[] = parsed.map((p, i) => ({
    description: p.line.description,
    quantity: fromScaled(p.quantity, QUANTITY_PLACES),
    unit_price: p.line.unit_price,
    amount: p.amount,
    tax_rate: fromScaled(p.rate, RATE_PLACES),
    tax_amount: taxes[i]!,
    tax_category: p.category,
    tax_category_override: p.line.tax_category ?? null,
    tax_exemption_reason: p.line.tax_exemption_reason ?? null,
    tax_exemption_reason_code: p.line.tax_exemption_reason_code ?? null,
    unit_code: p.line.unit_code ?? "C62",
    product_id: p.line.product_id ?? null,
    account_code: p.line.account_code ?? null,
  }));
  const taxAmount = lines.reduce((sum, l) => sum + l.tax_amount, 0);
  const total = subtotal - discountAmount + taxAmount;
  if (!Number.isSafeInteger(total)) throw new DomainError("line_items", "The invoice total is too large.");
  return { lines, subtotal, discount_amount: discountAmount, tax_amount: taxAmount, total_amount: total };
}

/**
 * The line's category, refused when an e-invoice could not carry it. A category the line names
 * must agree with its rate; a derived one does by construction (S above 0, Z at 0), except an
 * exempt or reverse-charge customer's E or AE, which keep their rate for the record.
 */
function checkedCategory(line: LineInput, i: number, rate: bigint, taxStatus: TaxStatus): TaxCategory {
  const category = lineTaxCategory(taxStatus, rate === 0n, line.tax_category);
  const rateProblem = line.tax_category ? categoryRateProblem(category, rate === 0n) : null;
  if (rateProblem) throw new DomainError(`line_items.${i}.tax_rate`, rateProblem);
  const reasonProblem = line.tax_exemption_reason || line.tax_exemption_reason_code ? exemptionReasonProblem(category) : null;
  if (reasonProblem)
    throw new DomainError(`line_items.${i}.${line.tax_exemption_reason ? "tax_exemption_reason" : "tax_exemption_reason_code"}`, reasonProblem);
  return category;
}

/**
 * A stored line, to be priced again (a draft moved to another customer, or given a new
 * discount). A category it derived follows the customer, so an exempt customer's E line
 * becomes S (or Z at 0 %) under a taxed one, or AE under a reverse-charge one. The exemption
 * reason it stated was the old category's: when the derived category changes the reason and
 * its code go (S and Z state none, BR-S-10 and BR-Z-10; AE, K, G, O get their own default).
 * A line that named its category keeps both, and is refused as ever where they clash.
 */
export function rederivedLine(line: LineInput, taxStatus: TaxStatus, previousStatus: TaxStatus): LineInput {
  if (line.tax_category || !(line.tax_exemption_reason || line.tax_exemption_reason_code)) return line;
  const rate = toScaled(line.tax_rate ?? 0, RATE_PLACES);
  // A rate that does not parse is priceInvoice's to refuse.
  if (rate === null) return line;
  const kept = lineTaxCategory(taxStatus, rate === 0n, null) === lineTaxCategory(previousStatus, rate === 0n, null);
  return kept ? line : { ...line, tax_exemption_reason: null, tax_exemption_reason_code: null };
}

/**
 * Each line's tax: per taxed (category, rate) group, round(Σ taxable × rate) once, then split
 * over the group's lines by largest remainder of each line's exact tax (taxable × rate), so
 * they add up to the group's tax exactly and each line bears its own exact tax rounded up or
 * down. (Shares in proportion to the taxable amounts would be the same for lines of one sign,
 * but a credit line that nearly cancels its group would blow them up: +100.00 and −99.95 at
 * 10 % bear 0.01 together, which that split gives as +20.00 and −19.99.)
 */
function taxPerLine(lines: { taxable: number; rate: bigint; category: TaxCategory }[], rounding: RoundingMode): number[] {
  const groups = new Map<string, { rate: bigint; members: number[] }>();
  lines.forEach((l, i) => {
    if (!isTaxed(l.category)) return;
    const key = `${l.category} ${l.rate}`;
    const group = groups.get(key) ?? { rate: l.rate, members: [] };
    group.members.push(i);
    groups.set(key, group);
  });
  const scale = 10n ** BigInt(RATE_PLACES);
  const taxes = lines.map(() => 0);
  for (const { rate, members } of groups.values()) {
    const exact = members.map((i) => BigInt(lines[i]!.taxable) * rate);
    const tax = divideRounded(
      exact.reduce((sum, e) => sum + e, 0n),
      scale,
      rounding,
    );
    if (tax > MAX_AMOUNT || tax < -MAX_AMOUNT) throw new DomainError("line_items", "The invoice tax is too large.");
    largestRemainder(tax, exact, scale).forEach((share, j) => {
      taxes[members[j]!] = Number(share);
    });
  }
  return taxes;
}

function discountFor(discount: Discount | null, subtotal: number, rounding: RoundingMode): number {
  if (!discount) return 0;
  if (discount.type === "amount") {
    if (!Number.isSafeInteger(discount.amount) || discount.amount < 0)
      throw new DomainError("discount.amount", "discount.amount must be a non-negative integer in minor units.");
    if (discount.amount > subtotal) throw new DomainError("discount.amount", "discount.amount cannot exceed the subtotal.");
    return discount.amount;
  }
  const percent = toScaled(discount.percent, 4);
  if (percent === null || percent < 0n || percent > 100n * 10_000n)
    throw new DomainError("discount.percent", "discount.percent must be between 0 and 100 with at most 4 decimal places.");
  return Number(divideRounded(BigInt(subtotal) * percent, 100n * 10_000n, rounding));
}

/**
 * Each line's taxable base: its amount less its share of the invoice discount. The one
 * rule for the base, used to price the lines and by anything that shows the base later
 * (a stored line keeps only amount and tax), so the two can never disagree.
 */
export function taxableAmounts(amounts: number[], discountAmount: number): number[] {
  const shares = allocate(discountAmount, amounts);
  return amounts.map((amount, i) => amount - (shares[i] ?? 0));
}

/**
 * Splits `total` over `weights` in proportion, in integers that add up to `total` exactly
 * (largest remainder; ties go to the earlier line so the result is deterministic).
 */
export function allocate(total: number, weights: number[]): number[] {
  const rawSum = weights.reduce((a, b) => a + BigInt(b), 0n);
  if (total === 0 || rawSum === 0n) return weights.map(() => 0);
  // A positive denominator keeps every remainder in [0, sum), so the leftover is always a
  // whole, non-negative number of units to hand out, also when credit lines make weights
  // negative or a percent discount on a negative subtotal is negative.
  const sign = rawSum < 0n ? -1n : 1n;
  return largestRemainder(
    BigInt(total),
    weights.map((w) => BigInt(total) * BigInt(w) * sign),
    rawSum * sign,
  ).map(Number);
}

/**
 * `total` as integer shares of the exact parts numerator_i / denominator (denominator > 0,
 * Σ parts within `weights.length` of `total`): each starts at the floor of its part and the
 * units left go to the largest remainders, ties to the earlier index.
 * (BigInt division truncates toward zero, which left shares that did not add up: hence floorDiv.)
 */
function largestRemainder(total: bigint, numerators: bigint[], denominator: bigint): bigint[] {
  const base = numerators.map((n) => floorDiv(n, denominator));
  const remainders = numerators.map((n, i) => ({ i, r: n - base[i]! * denominator }));
  let left = total - base.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    base[i]! += 1n;
    left -= 1n;
  }
  return base;
}

function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}
