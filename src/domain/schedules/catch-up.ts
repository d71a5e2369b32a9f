import { addDays, dateInZone } from "../dates";
import { type End, periodExists } from "./end-conditions";
import { DEFAULT_ISSUE_TIME, issueInstant } from "./issue-instant";
import { type Cadence, firstPeriodFrom } from "./periods";

/** The most periods one call hands back, so a daily schedule backfilling decades stays one bounded step. */
export const MAX_PERIODS_PER_CALL = 1000;

/** What a schedule has done so far and how it treats the past. */
export type IssueState = {
  /** The last period n issued, null before the first. */
  issuedThrough: number | null;
  /** Whether periods whose issue instant is before `createdAt` are issued too. */
  backfill: boolean;
  createdAt: Date;
  /** HH:MM local; DEFAULT_ISSUE_TIME when absent. */
  localTime?: string;
};

export type DuePeriods = {
  /** Period indexes to issue now, in order. */
  periods: number[];
  /** True when more periods were due than returned: issue these, then ask again. */
  truncated: boolean;
};

/*
 * The catch-up rule. Period n is due at `now` when all hold:
 *   1. n > issuedThrough (every n when issuedThrough is null);
 *   2. period n exists under `end`;
 *   3. issueInstant(n) ≤ now;
 *   4. backfill is on, or issueInstant(n) ≥ createdAt.
 * Rule 4 only concerns periods whose issue instant predates the schedule itself: without backfill
 * a schedule created with a past start date begins at its first period issued after creation,
 * and those earlier periods are never issued. Periods missed after creation (a lost alarm, an
 * outage) are always caught up, backfill or not, because the schedule promised them.
 */

/** The periods to issue at `now`, by the catch-up rule above, at most `limit` of them. */
export function periodsDue(cadence: Cadence, end: End, state: IssueState & { now: Date; limit?: number }): DuePeriods {
  const limit = state.limit ?? MAX_PERIODS_PER_CALL;
  const now = state.now.getTime();
  const periods: number[] = [];
  for (let n = firstCandidate(cadence, state); periodExists(cadence, end, n); n++) {
    if (issueInstant(cadence, n, state.localTime).getTime() > now) break;
    if (periods.length === limit) return { periods, truncated: true };
    periods.push(n);
  }
  return { periods, truncated: false };
}

/** The next period not yet issued (due or not), or null when the schedule has ended. */
export function nextPeriod(cadence: Cadence, end: End, state: IssueState): number | null {
  const n = firstCandidate(cadence, state);
  return periodExists(cadence, end, n) ? n : null;
}

/** When the next period not yet issued is issued (possibly already past), or null when the schedule has ended. */
export function nextIssueAt(cadence: Cadence, end: End, state: IssueState): Date | null {
  const n = nextPeriod(cadence, end, state);
  return n === null ? null : issueInstant(cadence, n, state.localTime);
}

/** The first period rules 1 and 4 allow; rules 2 and 3 are checked as periods are walked. */
function firstCandidate(cadence: Cadence, state: IssueState): number {
  const next = state.issuedThrough === null ? 0 : state.issuedThrough + 1;
  if (state.backfill) return next;
  return Math.max(next, firstIssuedFrom(cadence, state.createdAt, state.localTime ?? DEFAULT_ISSUE_TIME));
}

/**
 * The smallest n issued at or after `instant`. A period starting three or more days before the
 * instant's local date is issued before it even when a gap pushes its time forward (a gap is at
 * most a day), so the walk starts there and takes a few steps at most, however old the start date.
 */
function firstIssuedFrom(cadence: Cadence, instant: Date, localTime: string): number {
  let n = firstPeriodFrom(cadence, addDays(dateInZone(instant, cadence.time_zone), -2));
  while (issueInstant(cadence, n, localTime) < instant) n++;
  return n;
}
