/*
 * How a document prints dates, percentages and quantities for a locale, through Intl. Shared
 * by every document the PDF renderer draws, so an invoice and its credit note read alike.
 */

export function formatDate(iso: string, locale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso;
  const at = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" };
  return cached(`date|${locale}`, () => {
    try {
      return new Intl.DateTimeFormat(locale, options);
    } catch {
      return new Intl.DateTimeFormat("en-US", options);
    }
  }).format(at);
}

/** A fraction as a percentage: 0.08 is "8%". */
export function percent(fraction: number, locale: string): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 4 }).format(fraction);
}

/** Formats quantities with up to the 4 decimals lines carry (one formatter for a document's lines). */
export function quantityFormat(locale: string): (quantity: number) => string {
  const format = numberFormat(locale, { maximumFractionDigits: 4 });
  return (quantity) => format.format(quantity);
}

/** An Intl formatter for the locale, or for en-US when the locale tag is not one Intl knows. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`number|${locale}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.NumberFormat(locale, options);
    } catch {
      return new Intl.NumberFormat("en-US", options);
    }
  });
}

/**
 * Intl formatters are immutable and costly to build (tens of µs each, a large share of a
 * small invoice's render), so they are kept per isolate. Bounded: keys come from a
 * locale tag, and an unbounded stream of distinct tags just resets the cache.
 */
const formatters = new Map<string, unknown>();
function cached<T>(key: string, create: () => T): T {
  let value = formatters.get(key) as T | undefined;
  if (value === undefined) {
    if (formatters.size > 200) formatters.clear();
    value = create();
    formatters.set(key, value);
  }
  return value;
}
