import { currencyExponent } from "../../domain/money";

/*
 * Stripe's minor units mostly match ISO 4217, with documented exceptions: ISK is sent as a
 * two-decimal amount (always a multiple of 100), MGA as zero-decimal. Anything that does not
 * convert exactly is refused rather than rounded.
 */
const STRIPE_EXPONENTS: Record<string, number> = { ISK: 2, MGA: 0 };

/** Stripe amount → our minor units, or null when it does not convert exactly. */
export function fromStripeAmount(amount: number, currency: string): number | null {
  if (!Number.isSafeInteger(amount)) return null;
  const code = currency.toUpperCase();
  const ours = currencyExponent(code);
  const theirs = STRIPE_EXPONENTS[code] ?? ours;
  if (theirs === ours) return amount;
  if (theirs < ours) return amount * 10 ** (ours - theirs);
  const divisor = 10 ** (theirs - ours);
  return amount % divisor === 0 ? amount / divisor : null;
}
