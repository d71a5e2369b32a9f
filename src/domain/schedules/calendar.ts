/*
 * The calendar of recurring invoice schedules: which periods exist, when each is issued, which
 * are due after an outage, and how their dates read in an invoice. Pure functions over plain
 * data and calendar dates; no clock is read here, callers pass `now`.
 */
export { type DuePeriods, firstPeriodFor, graceMs, type IssueState, MAX_GRACE_MS, MAX_PERIODS_PER_CALL, nextIssueAt, nextPeriod, periodsDue } from "./catch-up";
export { type End, isLastPeriod, periodCount, periodExists } from "./end-conditions";
export { DEFAULT_ISSUE_TIME, issueInstant, localInstant } from "./issue-instant";
export { ANCHORS, type Anchor, type Cadence, firstPeriodFrom, type Interval, MAX_INTERVAL_COUNT, type Period, period, periodStart } from "./periods";
export { assertCadence, assertEnd } from "./validation";
export { fillPlaceholders, type PlaceholderContext } from "./placeholders";
