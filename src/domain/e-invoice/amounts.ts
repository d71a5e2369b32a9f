/*
 * The decimal text an e-invoice carries for our integers. Exact: through fromScaled, never
 * through a float, so the XML says the very number the API does.
 */
import { currencyExponent, fromScaled, RATE_PLACES, toScaled } from "../money";

/** "1234.50" for 123450 EUR, "1000" for 1000 JPY: always the currency's places (BR-DEC allows at most 2). */
export function decimalAmount(minor: number, exponent: number): string {
  const text = fromScaled(BigInt(minor), exponent);
  if (exponent === 0) return text;
  const [whole, frac = ""] = text.split(".");
  return `${whole}.${frac.padEnd(exponent, "0")}`;
}

/** A tax rate fraction ("0.19", 0.075) as the percent the norm writes (BT-119, BT-152): "19", "7.5". */
export function ratePercent(rate: number | string): string {
  const scaled = toScaled(rate, RATE_PLACES);
  if (scaled === null) throw new RangeError(`not a tax rate: ${rate}`);
  // A fraction with 6 places is a percent with 4.
  return fromScaled(scaled, RATE_PLACES - 2);
}

/** Whether a currency's amounts fit the norm's two decimals (BR-DEC-*): BHD, KWD, OMR… do not. */
export function fitsTwoDecimals(currency: string): boolean {
  return currencyExponent(currency) <= 2;
}
