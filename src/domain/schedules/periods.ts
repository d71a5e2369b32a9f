import { addDays, addMonths, daysBetween, daysInMonth } from "../dates";

export type Interval = "day" | "week" | "month" | "year";

/**
 * Which day of the month monthly and yearly periods start on: start_date's day, clamped in
 * short months (the default), or the month's last day, so a schedule from 30 April bills
 * 31 May, 30 June, 31 July rather than the 30th.
 */
export const ANCHORS = ["start_date", "month_end"] as const;
export type Anchor = (typeof ANCHORS)[number];

/** How a schedule repeats: every `interval_count` intervals from `start_date`, in `time_zone`'s calendar. */
export type Cadence = {
  interval: Interval;
  interval_count: number;
  /** YYYY-MM-DD, the first day of period 0 and the anchor of every later period. */
  start_date: string;
  /** IANA zone whose calendar and clocks the schedule follows. */
  time_zone: string;
  /** "start_date" when absent. */
  anchor?: Anchor;
};

/** One billing period as calendar dates; both ends belong to it. */
export type Period = { start: string; end_inclusive: string };

export const MAX_INTERVAL_COUNT = 365;

/**
 * The first day of period n (n = 0, 1, 2 …). Always counted from `start_date`, never from the
 * previous period: a month-end anchor clamps in short months (31 Jan → 29 Feb 2028) and comes
 * back in long ones (→ 31 Mar), and 29 Feb yearly is 28 Feb except in leap years.
 */
export function periodStart(cadence: Cadence, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`period index must be a non-negative integer, got ${n}`);
  const count = cadence.interval_count;
  if (!Number.isInteger(count) || count < 1 || count > MAX_INTERVAL_COUNT)
    throw new RangeError(`interval_count must be an integer from 1 to ${MAX_INTERVAL_COUNT}, got ${count}`);
  const stepped = stepFrom(cadence.start_date, cadence.interval, n * count);
  const start = cadence.anchor === "month_end" && isMonthly(cadence.interval) ? monthEnd(stepped) : stepped;
  // Past four-digit years ISO dates change shape (+010000-…); no schedule gets near, so refuse.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) throw new RangeError(`period ${n} would start after 9999-12-31`);
  return start;
}

const isMonthly = (interval: Interval) => interval === "month" || interval === "year";

function monthEnd(date: string): string {
  const [year, month] = date.split("-").map(Number) as [number, number];
  return `${date.slice(0, 8)}${String(daysInMonth(year, month)).padStart(2, "0")}`;
}

function stepFrom(date: string, interval: Interval, steps: number): string {
  switch (interval) {
    case "day":
      return addDays(date, steps);
    case "week":
      return addDays(date, steps * 7);
    case "month":
      return addMonths(date, steps);
    case "year":
      return addMonths(date, steps * 12);
  }
}

/** Period n: from its start to the day before period n + 1 starts, so periods tile the calendar. */
export function period(cadence: Cadence, n: number): Period {
  return { start: periodStart(cadence, n), end_inclusive: addDays(periodStart(cadence, n + 1), -1) };
}

/**
 * The smallest n whose period starts on or after `date` (0 when `date` ≤ start_date). Estimated
 * from whole days or months between the dates, then corrected by a step or two where month-end
 * clamping moves a start, so any date costs the same.
 */
export function firstPeriodFrom(cadence: Cadence, date: string): number {
  if (date <= cadence.start_date) return 0;
  let n = Math.max(0, Math.floor(stepsBetween(cadence, date)));
  while (periodStart(cadence, n) < date) n++;
  while (n > 0 && periodStart(cadence, n - 1) >= date) n--;
  return n;
}

/** Intervals of the cadence from start_date to `date`, roughly: exact for days and weeks, by calendar months otherwise. */
function stepsBetween(cadence: Cadence, date: string): number {
  const count = cadence.interval_count;
  switch (cadence.interval) {
    case "day":
      return daysBetween(cadence.start_date, date) / count;
    case "week":
      return daysBetween(cadence.start_date, date) / (7 * count);
    case "month":
      return monthsBetween(cadence.start_date, date) / count;
    case "year":
      return monthsBetween(cadence.start_date, date) / (12 * count);
  }
}

function monthsBetween(from: string, to: string): number {
  const months = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return months(to) - months(from);
}
