import type { Period } from "./periods";

/** What a period's placeholders are formatted from. */
export type PlaceholderContext = { period: Period; locale: string };

const FALLBACK_LOCALE = "en-US";
const PLACEHOLDER = /\{(period_start|period_end|month|year)\}/g;

/**
 * Replaces `{period_start}`, `{period_end}` (medium dates), `{month}` (long month name of the
 * period start) and `{year}` (its year) in the locale's words and digits; any other `{…}` is
 * left as written. The period's dates are calendar dates already in the schedule's zone, so
 * they are formatted as UTC dates: formatting them in the zone again could shift them a day.
 */
export function fillPlaceholders(text: string, { period, locale }: PlaceholderContext): string {
  const start = calendarDate(period.start);
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    switch (name) {
      case "period_start":
        return formatter(locale, "date").format(start);
      case "period_end":
        return formatter(locale, "date").format(calendarDate(period.end_inclusive));
      case "month":
        // The whole standalone form: in Japanese the month's name is "2月", with 月 a literal part.
        return formatter(locale, "month").format(start);
      default:
        return part(formatter(locale, "year"), start, "year");
    }
  });
}

function calendarDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The year part alone, so a locale's literals ("2028年") stay out of `{year}` and templates place their own. */
function part(f: Intl.DateTimeFormat, date: Date, type: Intl.DateTimeFormatPartTypes): string {
  return f.formatToParts(date).find((p) => p.type === type)?.value ?? "";
}

const OPTIONS: Record<"date" | "month" | "year", Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium", timeZone: "UTC" },
  month: { month: "long", timeZone: "UTC" },
  year: { year: "numeric", timeZone: "UTC" },
};

// Intl formatters cost tens of µs to build and are immutable: one per locale and purpose.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, kind: keyof typeof OPTIONS): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, OPTIONS[kind]);
    } catch {
      // A malformed tag (RangeError) falls back rather than failing an invoice over a description.
      f = new Intl.DateTimeFormat(FALLBACK_LOCALE, OPTIONS[kind]);
    }
    if (formatters.size >= 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}
