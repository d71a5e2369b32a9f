import { addDays, dateInZone } from "../dates";
import { type End, periodCount, periodExists } from "./end-conditions";
import { issueInstant } from "./issue-instant";
import { type Cadence, firstPeriodFrom } from "./periods";

/** The most periods one call hands back, so a daily schedule backfilling decades stays one bounded step. */
export const MAX_PERIODS_PER_CALL = 1000;

/** The longest a period's invoice may be late and still be issued without backfill. */
export const MAX_GRACE_MS = 24 * 60 * 60 * 1000;

/** What a schedule has done so far and how it treats the past. */
export type IssueState = {
  /** The first period neither issued nor skipped yet. */
  nextPeriod: number;
  /** Whether periods that went by without being issued are issued late (true) or skipped (false). */
  backfill: boolean;
  /** When the schedule was created or last resumed: it cannot have issued anything before. */
  activeSince: Date;
  /** Periods up to this one were due when an alarm fired: they are issued however late (null: none). */
  owedThrough: number | null;
  /** HH:MM local; DEFAULT_ISSUE_TIME when absent. */
  localTime?: string;
};

export type DuePeriods = {
  /** Period indexes to issue now, in order. */
  periods: number[];
  /** Periods before the first of these that went by unissued and are skipped (without backfill). */
  skipThrough: number | null;
  /** True when more periods were due than returned: issue these, then ask again. */
  truncated: boolean;
};

/*
 * The catch-up rule. At `now`, period n ≥ nextPeriod that exists under `end` and whose issue
 * instant has passed is
 *   - issued when backfill is on, or n ≤ owedThrough (an alarm fired for it: it is late, not
 *     lost, however long a failing mail provider or D1 kept it waiting), or it is fresh: no
 *     more than grace(n) has passed since the schedule could first have issued it (its
 *     instant, or activeSince if later);
 *   - otherwise skipped: it went by while no alarm fired (an alarm lost for three periods and
 *     re-armed by the maintenance sweep) and the merchant asked for no late invoices.
 * grace(n) is half the period, at most a day: a daily invoice twelve hours late, or a monthly
 * one a day late, is no longer that period's invoice.
 * Where a schedule starts is decided once, by firstPeriodFor: without backfill a start date in
 * the past begins at the period in progress if it began within its grace, else at the next.
 */

/** The periods to issue at `now` (at most `limit`), and how many before them are skipped. */
export function periodsDue(cadence: Cadence, end: End, state: IssueState & { now: Date; limit?: number }): DuePeriods {
  const limit = state.limit ?? MAX_PERIODS_PER_CALL;
  const now = state.now.getTime();
  const periods: number[] = [];
  const first = firstDue(cadence, state);
  // Jumped over: the periods from nextPeriod to first − 1 that exist.
  const count = periodCount(cadence, end);
  const jumpedTo = Math.min(first - 1, count === null ? Number.POSITIVE_INFINITY : count - 1);
  let skipThrough: number | null = jumpedTo >= state.nextPeriod ? jumpedTo : null;
  for (let n = first; periodExists(cadence, end, n); n++) {
    if (issueInstant(cadence, n, state.localTime).getTime() > now) break;
    if (periods.length === 0 && !issuable(cadence, state, n, now)) {
      skipThrough = n;
      continue;
    }
    if (periods.length === limit) return { periods, skipThrough, truncated: true };
    periods.push(n);
  }
  return { periods, skipThrough, truncated: false };
}

function issuable(cadence: Cadence, state: IssueState, n: number, now: number): boolean {
  if (state.backfill || (state.owedThrough !== null && n <= state.owedThrough)) return true;
  const since = Math.max(issueInstant(cadence, n, state.localTime).getTime(), state.activeSince.getTime());
  return now - since <= graceMs(cadence, n, state.localTime);
}

/**
 * Where skipping starts: stale periods are always the oldest ones (a fresh period's
 * successors are fresher), so the walk jumps over them in a few steps rather than one by one.
 */
function firstDue(cadence: Cadence, state: IssueState & { now: Date }): number {
  if (state.backfill) return state.nextPeriod;
  const owed = state.owedThrough ?? -1;
  if (owed >= state.nextPeriod) return state.nextPeriod;
  // Lateness counts from activeSince at the earliest: only when that is over a day ago is every
  // period issued before now − a day stale.
  const now = state.now.getTime();
  if (now - state.activeSince.getTime() <= MAX_GRACE_MS) return state.nextPeriod;
  return Math.max(state.nextPeriod, firstIssuedFrom(cadence, new Date(now - MAX_GRACE_MS), state.localTime) - 1);
}

/** How late period n may be issued without backfill: half the period, at most a day. */
export function graceMs(cadence: Cadence, n: number, localTime?: string): number {
  const length = issueInstant(cadence, n + 1, localTime).getTime() - issueInstant(cadence, n, localTime).getTime();
  return Math.min(MAX_GRACE_MS, Math.floor(length / 2));
}

/**
 * The first period a schedule issues when it becomes active at `at`. Created with backfill:
 * period 0, however far back. Created without: the first period still fresh at `at` (the
 * period in progress if it began within its grace, so a schedule starting today is issued
 * today). Resumed (`from` the period it was paused at): the first period issued at or after
 * `at`, so nothing of the pause is issued, backfill or not.
 */
export function firstPeriodFor(cadence: Cadence, at: Date, how: { backfill: boolean } | { resumingFrom: number }, localTime?: string): number {
  if ("resumingFrom" in how) return Math.max(how.resumingFrom, firstIssuedFrom(cadence, at, localTime));
  if (how.backfill) return 0;
  let n = Math.max(0, firstIssuedFrom(cadence, at, localTime) - 1);
  while (issueInstant(cadence, n, localTime).getTime() + graceMs(cadence, n, localTime) < at.getTime()) n++;
  return n;
}

/** The next period not yet issued (due or not, skipped periods aside), or null when the schedule has ended. */
export function nextPeriod(cadence: Cadence, end: End, state: IssueState & { now: Date }): number | null {
  const due = periodsDue(cadence, end, { ...state, limit: 1 });
  const n = due.periods[0] ?? (due.skipThrough === null ? state.nextPeriod : due.skipThrough + 1);
  return periodExists(cadence, end, n) ? n : null;
}

/** When the next period is issued (now or earlier when it is due), or null when the schedule has ended. */
export function nextIssueAt(cadence: Cadence, end: End, state: IssueState & { now: Date }): Date | null {
  const n = nextPeriod(cadence, end, state);
  return n === null ? null : issueInstant(cadence, n, state.localTime);
}

/**
 * The smallest n issued at or after `instant`. A period starting three or more days before the
 * instant's local date is issued before it even when a gap pushes its time forward (a gap is at
 * most a day), so the walk starts there and takes a few steps at most, however old the start date.
 */
function firstIssuedFrom(cadence: Cadence, instant: Date, localTime?: string): number {
  let n = firstPeriodFrom(cadence, addDays(dateInZone(instant, cadence.time_zone), -2));
  while (issueInstant(cadence, n, localTime) < instant) n++;
  return n;
}
