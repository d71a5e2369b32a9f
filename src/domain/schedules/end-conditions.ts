import { addDays } from "../dates";
import { type Cadence, firstPeriodFrom, periodStart } from "./periods";

/** When a schedule stops: after a number of periods, with the last period starting on or before a date, or never. */
export type End = { after_count: number } | { on_date: string } | null;

/** Whether period n belongs to the schedule: n < after_count, or its start ≤ on_date (the period may run past it). */
export function periodExists(cadence: Cadence, end: End, n: number): boolean {
  if (end === null) return true;
  if ("after_count" in end) return n < end.after_count;
  return periodStart(cadence, n) <= end.on_date;
}

/** How many periods the schedule has; null when it never ends. */
export function periodCount(cadence: Cadence, end: End): number | null {
  if (end === null) return null;
  if ("after_count" in end) return Math.max(0, end.after_count);
  return firstPeriodFrom(cadence, addDays(end.on_date, 1));
}

/** Whether period n is the schedule's last, after which it completes. */
export function isLastPeriod(cadence: Cadence, end: End, n: number): boolean {
  return periodExists(cadence, end, n) && !periodExists(cadence, end, n + 1);
}
