import { QUANTITY_PLACES, RATE_PLACES, divideRounded, fromScaled, percentOf, toScaled, type RoundingMode } from "./money";
import type { Discount, TaxStatus } from "./types";
import { DomainError } from "./errors";

export type LineInput = {
  description: string;
  quantity: number | string;
  unit_price: number;
  tax_rate?: number | string | null;
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
 * largest lines, and each line's tax is round((amount − its share) × rate). Without a
 * discount this is exactly tax = round(amount × rate) per line.
 * Exempt and reverse-charge customers pay no tax; the rates stay on the lines for the record.
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
    return { line, quantity, rate, amount: Number(amount) };
  });

  const subtotalBig = parsed.reduce((sum, p) => sum + BigInt(p.amount), 0n);
  if (subtotalBig > MAX_AMOUNT || subtotalBig < -MAX_AMOUNT) throw new DomainError("line_items", "The invoice subtotal is too large.");
  const subtotal = Number(subtotalBig);

  const discountAmount = discountFor(input.discount, subtotal, rounding);
  const taxable = taxableAmounts(
    parsed.map((p) => p.amount),
    discountAmount,
  );
  const taxed = input.taxStatus === "taxed";

  const lines: PricedLine[] = parsed.map((p, i) => ({
    description: p.line.description,
    quantity: fromScaled(p.quantity, QUANTITY_PLACES),
    unit_price: p.line.unit_price,
    amount: p.amount,
    tax_rate: fromScaled(p.rate, RATE_PLACES),
    tax_amount: taxed ? percentOf(taxable[i]!, p.rate, rounding) : 0,
    product_id: p.line.product_id ?? null,
    account_code: p.line.account_code ?? null,
  }));
  const taxAmount = lines.reduce((sum, l) => sum + l.tax_amount, 0);
  const total = subtotal - discountAmount + taxAmount;
  if (!Number.isSafeInteger(total)) throw new DomainError("line_items", "The invoice total is too large.");
  return { lines, subtotal, discount_amount: discountAmount, tax_amount: taxAmount, total_amount: total };
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
  // Floor division against a positive denominator keeps every remainder in [0, sum), so the
  // leftover is always a whole, non-negative number of units to hand out, also when credit
  // lines make weights negative or a percent discount on a negative subtotal is negative.
  // (BigInt division truncates toward zero, which left shares that did not add up.)
  const sign = rawSum < 0n ? -1n : 1n;
  const sum = rawSum * sign;
  const exact = weights.map((w) => BigInt(total) * BigInt(w) * sign);
  const base = exact.map((e) => floorDiv(e, sum));
  const remainders = exact.map((e, i) => ({ i, r: e - base[i]! * sum }));
  let left = BigInt(total) - base.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    base[i]! += 1n;
    left -= 1n;
  }
  return base.map(Number);
}

function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}
