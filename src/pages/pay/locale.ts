/*
 * Amounts and dates follow the customer's locale; the page's words stay English, so the
 * document's lang is "en" while numbers and dates read the way the customer writes them.
 */

export const FALLBACK_LOCALE = "en-US";

/** A locale Intl supports, or the fallback. */
export function resolveLocale(requested: string | null | undefined): string {
  if (!requested) return FALLBACK_LOCALE;
  try {
    return Intl.NumberFormat.supportedLocalesOf([requested])[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE;
  }
}

/** A calendar date (YYYY-MM-DD) in the locale's long form, never shifted by a time zone. */
export function formatCalendarDate(date: string, locale: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatQuantity(quantity: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(quantity);
}

/** A fraction as a percentage: 0.08 → "8%", 0.0725 → "7.25%". */
export function formatRate(rate: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 4 }).format(rate);
}
