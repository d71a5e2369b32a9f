import { zoneOffsetMinutes } from "../dates";
import { type Cadence, periodStart } from "./periods";

/** The local wall-clock time at which a period is issued unless the schedule says otherwise. */
export const DEFAULT_ISSUE_TIME = "09:00";

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The UTC instant at which period n is issued: `localTime` on the period's start date in the
 * cadence's zone. The wall-clock time holds across DST (09:00 in Los Angeles is 17:00Z in
 * winter, 16:00Z in summer).
 */
export function issueInstant(cadence: Cadence, n: number, localTime = DEFAULT_ISSUE_TIME): Date {
  return localInstant(periodStart(cadence, n), localTime, cadence.time_zone);
}

/**
 * The instant `timeZone`'s clocks read `time` (HH:MM) on `date`. A time the clocks skip (the
 * spring-forward gap) resolves to the first instant after it, the moment the clocks jump; a
 * time they show twice (fall-back) resolves to the earlier one, so nothing is issued an hour late.
 */
export function localInstant(date: string, time: string, timeZone: string): Date {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw new RangeError(`local time must be HH:MM (00:00 to 23:59), got '${time}'`);
  // The wall-clock reading taken as if it were UTC; every real instant for it is this minus an offset.
  const wall = Date.parse(`${date}T${time}:00Z`);
  const localWall = (instant: number) => instant + zoneOffsetMinutes(new Date(instant), timeZone) * MINUTE;
  // The offsets in force a day either side cover any one transition near the reading (tzdata
  // has no two transitions of one zone within two days).
  const offsets = new Set([wall - DAY, wall, wall + DAY].map((probe) => zoneOffsetMinutes(new Date(probe), timeZone)));
  const candidates = [...offsets].map((offset) => wall - offset * MINUTE).sort((a, b) => a - b);
  const valid = candidates.find((instant) => localWall(instant) === wall);
  if (valid !== undefined) return new Date(valid);
  // In a gap the earliest candidate reads before the time and the latest after it; the clocks
  // jump in between, at whole seconds. Bisect for that jump.
  let before = candidates[0]!;
  let after = candidates[candidates.length - 1]!;
  while (after - before > 1000) {
    const mid = before + Math.floor((after - before) / 2000) * 1000;
    if (localWall(mid) >= wall) after = mid;
    else before = mid;
  }
  return new Date(after);
}
