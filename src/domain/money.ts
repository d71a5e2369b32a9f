/*
 * Money is an integer count of the currency's minor unit from request to PDF.
 * Multiplication by quantities and rates is done in BigInt on scaled integers, so no
 * binary fraction ever decides a cent.
 */

/** ISO 4217 minor-unit exponents that differ from 2. */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Currencies we accept: ISO 4217 active codes known to Intl, checked once. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    return Intl.supportedValuesOf("currency").includes(code);
  } catch {
    return true;
  }
}

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

export type RoundingMode = "half_away_from_zero" | "half_even";

/** Divides a BigInt by a positive BigInt, rounding the quotient to an integer. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode = "half_away_from_zero"): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q = n / denominator;
  const r = n % denominator;
  const twice = r * 2n;
  if (twice > denominator || (twice === denominator && (mode === "half_away_from_zero" || q % 2n === 1n))) q += 1n;
  return negative ? -q : q;
}

/**
 * Parses a non-negative decimal (number or string) into an integer scaled by 10^places.
 * Returns null when it has more places than allowed, so callers can name the field.
 */
export function toScaled(value: number | string, places: number): bigint | null {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, sign, whole, frac = ""] = match;
  const trimmed = frac.replace(/0+$/, "");
  if (trimmed.length > places) return null;
  const scaled = BigInt(whole + trimmed.padEnd(places, "0"));
  return sign === "-" ? -scaled : scaled;
}

/** Decimal text of a scaled integer, without trailing zeros: (4000n, 4) → "0.4". */
export function fromScaled(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const frac = places > 0 ? digits.slice(digits.length - places).replace(/0+$/, "") : "";
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** Plain decimal text of a JS number without exponent notation (1e-7 → "0.0000001"). */
function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) return "NaN";
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, "");
}

export const QUANTITY_PLACES = 4;
export const RATE_PLACES = 6;

/** round(amount × rate), rate given with up to RATE_PLACES decimals. */
export function percentOf(amount: number, rateScaled: bigint, mode: RoundingMode): number {
  return Number(divideRounded(BigInt(amount) * rateScaled, 10n ** BigInt(RATE_PLACES), mode));
}

/** Major-unit decimal text of a minor-unit amount: (697500, "USD") → "6975". */
export function toMajorUnits(amount: number, currency: string): string {
  return fromScaled(BigInt(amount), currencyExponent(currency));
}

/**
 * Formats a minor-unit amount for people (PDF, email, pay page). Only edges call this.
 * Goes through the decimal string so large amounts keep every digit.
 */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  const exponent = currencyExponent(currency);
  const major = fromScaled(BigInt(amount), exponent);
  return currencyFormatter(currency, exponent, locale).format(major as unknown as number);
}

/** Intl formatters are immutable and cost tens of µs to build; keep one per locale and currency. */
const currencyFormatters = new Map<string, Intl.NumberFormat>();
function currencyFormatter(currency: string, exponent: number, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = currencyFormatters.get(key);
  if (!formatter) {
    const options: Intl.NumberFormatOptions = { style: "currency", currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent };
    try {
      formatter = new Intl.NumberFormat(locale, options);
    } catch {
      formatter = new Intl.NumberFormat("en-US", options);
    }
    if (currencyFormatters.size >= 500) currencyFormatters.clear();
    currencyFormatters.set(key, formatter);
  }
  return formatter;
}
