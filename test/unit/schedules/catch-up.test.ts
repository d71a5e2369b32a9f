import { describe, expect, it } from "vitest";
import { type Cadence, type IssueState, issueInstant, nextIssueAt, nextPeriod, periodsDue } from "../../../src/domain/schedules/calendar";

// Monthly on the 1st at 09:00 Los Angeles: 17:00Z through March 2028 (PST), 16:00Z from April (PDT).
const monthly: Cadence = { interval: "month", interval_count: 1, start_date: "2028-01-01", time_zone: "America/Los_Angeles" };
const at = (iso: string) => new Date(iso);
const state = (over: Partial<IssueState> = {}): IssueState => ({ issuedThrough: null, backfill: false, createdAt: at("2027-12-15T00:00:00Z"), ...over });

describe("periodsDue: the catch-up rule", () => {
  it("issues the one period due on time, and nothing before its instant", () => {
    expect(periodsDue(monthly, null, { ...state(), now: at("2028-01-01T16:59:59Z") })).toEqual({ periods: [], truncated: false });
    expect(periodsDue(monthly, null, { ...state(), now: at("2028-01-01T17:00:00Z") })).toEqual({ periods: [0], truncated: false });
    expect(periodsDue(monthly, null, { ...state({ issuedThrough: 0 }), now: at("2028-01-20T00:00:00Z") }).periods).toEqual([]);
  });

  it("catches up exactly the three periods an alarm lost, with backfill on", () => {
    // Issued Jan and Feb; the alarms for Mar, Apr and May were lost; the sweep runs on 2 May.
    const now = at("2028-05-02T00:00:00Z");
    expect(periodsDue(monthly, null, { ...state({ issuedThrough: 1, backfill: true }), now }).periods).toEqual([2, 3, 4]);
  });

  it("catches up the same three with backfill off: backfill only concerns periods from before the schedule was created", () => {
    const now = at("2028-05-02T00:00:00Z");
    expect(periodsDue(monthly, null, { ...state({ issuedThrough: 1, backfill: false }), now }).periods).toEqual([2, 3, 4]);
  });

  it("without backfill, a schedule created after its start begins at the first period issued after creation", () => {
    const created = { createdAt: at("2028-03-15T12:00:00Z") };
    const now = at("2028-05-02T00:00:00Z");
    expect(periodsDue(monthly, null, { ...state(created), now }).periods).toEqual([3, 4]);
    expect(nextPeriod(monthly, null, state(created))).toBe(3);
    expect(nextIssueAt(monthly, null, state(created))?.toISOString()).toBe("2028-04-01T16:00:00.000Z");
    // The skip is decided by the issue instant, not the date: created at 08:00 local on the 1st,
    // the 09:00 issue is still ahead, so that period is issued.
    expect(nextPeriod(monthly, null, state({ createdAt: at("2028-04-01T15:00:00Z") }))).toBe(3);
    expect(nextPeriod(monthly, null, state({ createdAt: at("2028-04-01T16:00:00Z") }))).toBe(3); // exactly at: not before
    expect(nextPeriod(monthly, null, state({ createdAt: at("2028-04-01T16:00:01Z") }))).toBe(4);
  });

  it("with backfill, a schedule created after its start issues every missed period from 0", () => {
    const s = state({ createdAt: at("2028-03-15T12:00:00Z"), backfill: true });
    expect(periodsDue(monthly, null, { ...s, now: at("2028-05-02T00:00:00Z") }).periods).toEqual([0, 1, 2, 3, 4]);
    expect(nextIssueAt(monthly, null, s)?.toISOString()).toBe("2028-01-01T17:00:00.000Z");
  });

  it("stops at the end condition, and nextIssueAt is null once it has ended", () => {
    const end = { after_count: 3 };
    expect(periodsDue(monthly, end, { ...state({ issuedThrough: 0 }), now: at("2029-01-01T00:00:00Z") }).periods).toEqual([1, 2]);
    expect(nextIssueAt(monthly, end, state({ issuedThrough: 1 }))?.toISOString()).toBe("2028-03-01T17:00:00.000Z");
    expect(nextIssueAt(monthly, end, state({ issuedThrough: 2 }))).toBeNull();
    expect(nextIssueAt(monthly, { on_date: "2028-01-31" }, state({ issuedThrough: 0 }))).toBeNull();
    // Created after the last period's issue instant without backfill: nothing is ever issued.
    expect(nextIssueAt(monthly, end, state({ createdAt: at("2028-06-01T00:00:00Z") }))).toBeNull();
  });

  it("interval_count 2 and 3 catch up on their own grid", () => {
    const everyTwoWeeks: Cadence = { interval: "week", interval_count: 2, start_date: "2028-01-03", time_zone: "UTC" };
    const now = at("2028-02-15T00:00:00Z");
    // Starts 3 Jan, 17 Jan, 31 Jan, 14 Feb, 28 Feb.
    expect(periodsDue(everyTwoWeeks, null, { ...state({ issuedThrough: 0 }), now }).periods).toEqual([1, 2, 3]);
    const quarterly: Cadence = { ...monthly, interval_count: 3 };
    expect(periodsDue(quarterly, null, { ...state(), now: at("2028-10-01T16:00:00Z") }).periods).toEqual([0, 1, 2, 3]);
    expect(nextIssueAt(quarterly, null, state({ issuedThrough: 3 }))?.toISOString()).toBe("2029-01-01T17:00:00.000Z");
  });
});

describe("periodsDue: bounded work", () => {
  const daily: Cadence = { interval: "day", interval_count: 1, start_date: "1990-01-01", time_zone: "Europe/Berlin" };
  const now = at("2040-06-01T12:00:00Z");

  it("backfilling 50 years daily returns 1000 periods and says more are due; the next call continues", () => {
    const s = state({ backfill: true, createdAt: now });
    const first = periodsDue(daily, null, { ...s, now });
    expect(first.periods).toHaveLength(1000);
    expect(first.periods[0]).toBe(0);
    expect(first.periods[999]).toBe(999);
    expect(first.truncated).toBe(true);
    const second = periodsDue(daily, null, { ...s, issuedThrough: 999, now });
    expect(second.periods[0]).toBe(1000);
  });

  it("says nothing is left over when exactly the limit is due", () => {
    const s = state({ backfill: true, issuedThrough: null, createdAt: at("1990-01-01T00:00:00Z") });
    const dueAt = issueInstant(daily, 4);
    expect(periodsDue(daily, null, { ...s, now: dueAt, limit: 5 })).toEqual({ periods: [0, 1, 2, 3, 4], truncated: false });
    expect(periodsDue(daily, null, { ...s, now: dueAt, limit: 4 })).toEqual({ periods: [0, 1, 2, 3], truncated: true });
  });

  it("without backfill, skips 50 years of pre-creation periods by arithmetic, not by walking them", () => {
    const s = state({ createdAt: at("2040-06-01T06:00:00Z") }); // 08:00 CEST, before that day's 09:00
    const n = nextPeriod(daily, null, s)!;
    expect(issueInstant(daily, n).toISOString()).toBe("2040-06-01T07:00:00.000Z");
    expect(issueInstant(daily, n - 1).getTime()).toBeLessThan(s.createdAt.getTime());
    expect(periodsDue(daily, null, { ...s, now }).periods).toEqual([n]);
  });
});
