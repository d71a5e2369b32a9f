import { DATE_RANGE_TEXT, daysInMonth, isCalendarDate, isDateInRange } from "../dates";
import { DomainError } from "../errors";
import type { End } from "./end-conditions";
import { ANCHORS, type Cadence, MAX_INTERVAL_COUNT } from "./periods";

const INTERVALS = new Set(["day", "week", "month", "year"]);

/**
 * Refuses a cadence the calendar functions cannot follow, naming the field. They assume a valid
 * one, so input is checked once here rather than on every period.
 */
export function assertCadence(cadence: Cadence): void {
  if (!INTERVALS.has(cadence.interval)) throw new DomainError("interval", `interval must be one of day, week, month, year.`);
  const count = cadence.interval_count;
  if (!Number.isInteger(count) || count < 1 || count > MAX_INTERVAL_COUNT)
    throw new DomainError("interval_count", `interval_count must be an integer from 1 to ${MAX_INTERVAL_COUNT}.`);
  assertDate("start_date", cadence.start_date);
  const anchor = cadence.anchor ?? "start_date";
  if (!ANCHORS.includes(anchor)) throw new DomainError("anchor", "anchor must be start_date or month_end.");
  if (anchor === "month_end") {
    if (cadence.interval !== "month" && cadence.interval !== "year")
      throw new DomainError("anchor", 'anchor "month_end" applies to monthly and yearly schedules only.');
    const [year, month, day] = cadence.start_date.split("-").map(Number) as [number, number, number];
    if (day !== daysInMonth(year, month))
      throw new DomainError(
        "start_date",
        `With anchor "month_end", start_date must be the last day of its month (${cadence.start_date.slice(0, 8)}${daysInMonth(year, month)}).`,
      );
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: cadence.time_zone });
  } catch {
    throw new DomainError("time_zone", `'${cadence.time_zone}' is not an IANA time zone.`);
  }
}

/** Refuses an end the schedule could never reach: no periods at all, or a date before the start. */
export function assertEnd(cadence: Cadence, end: End): void {
  if (end === null) return;
  if ("after_count" in end) {
    if (!Number.isSafeInteger(end.after_count) || end.after_count < 1) throw new DomainError("end.after_count", "end.after_count must be a positive integer.");
    return;
  }
  assertDate("end.on_date", end.on_date);
  if (end.on_date < cadence.start_date) throw new DomainError("end.on_date", "end.on_date must not be before start_date.");
}

function assertDate(param: string, date: string): void {
  if (!isCalendarDate(date) || !isDateInRange(date)) throw new DomainError(param, `${param} must be a YYYY-MM-DD date ${DATE_RANGE_TEXT}.`);
}
