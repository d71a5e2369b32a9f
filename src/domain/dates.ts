import { DomainError } from "./errors";

// Intl formatters cost tens of µs to build and are immutable: one per zone and purpose.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "date" | "instant", timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === "date"
        ? new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
        : new Intl.DateTimeFormat("en-US", {
            timeZone,
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
          });
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** Today's calendar date in a time zone, as YYYY-MM-DD. */
export function dateInZone(instant: Date, timeZone: string): string {
  const parts = formatter("date", timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The due date that payment terms imply: "Net 30" → issue date + 30 days,
 * "Due on receipt" → the issue date. Unknown terms need an explicit due date.
 */
export function dueDateFromTerms(issueDate: string, terms: string, param = "payment_terms"): string {
  const normalized = terms.trim().toLowerCase();
  if (normalized === "due on receipt" || normalized === "due_on_receipt") return issueDate;
  const net = /^net\s*(\d{1,3})$/.exec(normalized);
  if (net) return addDays(issueDate, Number(net[1]));
  throw new DomainError(param, `Cannot derive a due date from payment terms '${terms}'; use "Net N" or "Due on receipt", or give due_date.`);
}

/**
 * The first instant at which `dueDate` has passed in `timeZone`: local midnight at the start
 * of the next day, expressed in UTC.
 */
export function overdueInstant(dueDate: string, timeZone: string): Date {
  const nextDay = addDays(dueDate, 1);
  const guess = new Date(`${nextDay}T00:00:00Z`);
  // Midnight under each offset the zone has around then. Where DST skips midnight
  // (São Paulo 2018, Beirut) one candidate still falls on the due date; where midnight
  // happens twice, both are on the next day and the earlier one is the first.
  const candidates: Date[] = [];
  let instant = guess;
  for (let i = 0; i < 3; i++) {
    instant = new Date(guess.getTime() - zoneOffsetMinutes(instant, timeZone) * 60_000);
    candidates.push(instant);
  }
  const onNextDay = candidates.filter((c) => dateInZone(c, timeZone) >= nextDay);
  return new Date(Math.min(...(onNextDay.length ? onNextDay : candidates).map((c) => c.getTime())));
}

function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatter("instant", timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}
