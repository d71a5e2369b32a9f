/*
 * BR-CO-17 and BR-S-09 as the CEN artefacts (validation-1.3.16) test them, in exact integers.
 * The UBL test, for a VAT breakdown with tax T, base B and rate P (percent), all in major units:
 *
 *   (round(P) = 0 and round(T) = 0)
 *   or (round(P) != 0 and |T| - 1 < round(|B| × P/100 × 100) div 100 < |T| + 1)
 *   or (no P and round(T) = 0)
 *
 * with XPath round (half toward +∞). So the tolerance is strictly less than one whole currency
 * unit (1.00 EUR) either side of the rounded product; the CII artefact allows exactly one unit
 * too (<=), and the stricter UBL test is the one mirrored so both syntaxes pass.
 */
import { toScaled } from "../money";

const PERCENT_PLACES = 4;

/** XPath round(n / d) for d > 0: half toward positive infinity. */
function roundHalfUp(n: bigint, d: bigint): bigint {
  const twice = 2n * n + d;
  const den = 2n * d;
  const q = twice / den;
  return twice % den !== 0n && twice < 0n ? q - 1n : q;
}

const abs = (n: bigint) => (n < 0n ? -n : n);

/** Whether round(tax in major units) = 0. */
function roundsToZero(taxMinor: number, exponent: number): boolean {
  return roundHalfUp(BigInt(taxMinor), 10n ** BigInt(exponent)) === 0n;
}

function percentScaled(ratePercent: string): bigint {
  const p = toScaled(ratePercent, PERCENT_PLACES);
  if (p === null) throw new RangeError(`not a percent: ${ratePercent}`);
  return p;
}

/** The S-09 half of the test: tax within one unit of round(|B| × P / 100, 2). */
export function taxWithinTolerance(taxMinor: number, taxableMinor: number, ratePercent: string, exponent: number): boolean {
  const unit = 10n ** BigInt(exponent);
  // round(|B| × P) in hundredths of a major unit: |B| = taxable / 10^e, P = p / 10^4.
  const expectedHundredths = roundHalfUp(abs(BigInt(taxableMinor)) * percentScaled(ratePercent), unit * 10n ** BigInt(PERCENT_PLACES));
  // | |T| − expected/100 | < 1, multiplied through by 100 × 10^e.
  return abs(100n * abs(BigInt(taxMinor)) - expectedHundredths * unit) < 100n * unit;
}

/** BR-CO-17 for one VAT breakdown row. */
export function breakdownTaxHolds(taxMinor: number, taxableMinor: number, ratePercent: string | null, exponent: number): boolean {
  if (ratePercent === null) return roundsToZero(taxMinor, exponent);
  if (roundHalfUp(percentScaled(ratePercent), 10n ** BigInt(PERCENT_PLACES)) === 0n) return roundsToZero(taxMinor, exponent);
  return taxWithinTolerance(taxMinor, taxableMinor, ratePercent, exponent);
}
