import { DomainError } from "./errors";

/*
 * The one range of dates the API accepts, for calendar dates and timestamps alike. Every
 * accepted date must stay schedulable: Durable Object alarms refuse instants past 2189, and
 * the furthest a reminder policy reaches past a due date is one 365-day step plus 49 repeats
 * of 365 days (50 reminders), about 50 years. 2099-12-31 + 50 years leaves ~40 years of margin;
 * 1970 is where alarm (and Unix) time starts.
 */
export const EARLIEST_DATE = "1970-01-01";
export const LATEST_DATE = "2099-12-31";
/** The first instant Durable Object alarms refuse (locally: "doesn't support dates after 2189"). */
export const SCHEDULER_LIMIT = "2189-01-01T00:00:00.000Z";

/** How the bound is worded wherever a date is refused or documented. */
export const DATE_RANGE_TEXT = `between ${EARLIEST_DATE} and ${LATEST_DATE}`;

/** Whether a YYYY-MM-DD calendar date lies within the accepted range. */
export function isDateInRange(date: string): boolean {
  return date >= EARLIEST_DATE && date <= LATEST_DATE;
}

/** Whether an instant lies within the accepted range (its UTC date between the bounds). */
export function isInstantInRange(instant: string | Date): boolean {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return Number.isFinite(ms) && isDateInRange(new Date(ms).toISOString().slice(0, 10));
}

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
 * `date` plus whole months on the calendar, clamped to the last day of a shorter month
 * (2028-01-31 + 1 → 2028-02-29, 2028-02-29 + 12 → 2029-02-28). The clamp is not carried:
 * callers that step repeatedly add to the original date, so the 31st comes back after February.
 */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const d = Math.min(day, daysInMonth(y, m));
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Gregorian month length: February has 29 days in years divisible by 4, except centuries not divisible by 400. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both parse as UTC midnight, so the quotient is exact. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}

/** Whether a string is a real YYYY-MM-DD calendar date (2027-02-29 is not). */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * The due date that payment terms imply: "Net 30" → issue date + 30 days,
 * "Due on receipt" → the issue date. Unknown terms need an explicit due date.
 */
export function dueDateFromTerms(issueDate: string, terms: string, param = "payment_terms"): string {
  const normalized = terms.trim().toLowerCase();
  if (normalized === "due on receipt" || normalized === "due_on_receipt") return issueDate;
  const net = /^net\s*(\d{1,3})$/.exec(normalized);
  if (net) {
    const due = addDays(issueDate, Number(net[1]));
    if (!isDateInRange(due))
      throw new DomainError(param, `'${terms}' from issue_date ${issueDate} puts the due date past ${LATEST_DATE}; dates must be ${DATE_RANGE_TEXT}.`);
    return due;
  }
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

/** How many minutes `timeZone`'s clocks are ahead of UTC at `instant` (−420 for Los Angeles in summer). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatter("instant", timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}
