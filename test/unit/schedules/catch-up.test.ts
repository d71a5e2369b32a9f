import { describe, expect, it } from "vitest";
import { type Cadence, firstPeriodFor, type IssueState, issueInstant, nextIssueAt, nextPeriod, periodsDue } from "../../../src/domain/schedules/calendar";

// Monthly on the 1st at 09:00 Los Angeles: 17:00Z through March 2028 (PST), 16:00Z from April (PDT).
const monthly: Cadence = { interval: "month", interval_count: 1, start_date: "2028-01-01", time_zone: "America/Los_Angeles" };
const at = (iso: string) => new Date(iso);
const state = (over: Partial<IssueState> = {}): IssueState => ({
  nextPeriod: 0,
  backfill: false,
  activeSince: at("2027-12-15T00:00:00Z"),
  owedThrough: null,
  ...over,
});

describe("periodsDue: the catch-up rule", () => {
  it("issues the one period due on time, and nothing before its instant", () => {
    expect(periodsDue(monthly, null, { ...state(), now: at("2028-01-01T16:59:59Z") })).toEqual({ periods: [], skipThrough: null, truncated: false });
    expect(periodsDue(monthly, null, { ...state(), now: at("2028-01-01T17:00:00Z") })).toEqual({ periods: [0], skipThrough: null, truncated: false });
  });

  it("an alarm lost for three periods and swept a day after the third: all three with backfill, none without", () => {
    // Issued Jan and Feb; no alarm fired for Mar, Apr, May; the sweep runs on 2 May, an hour past a day late.
    const now = at("2028-05-02T17:00:00Z");
    expect(periodsDue(monthly, null, { ...state({ nextPeriod: 2, backfill: true }), now }).periods).toEqual([2, 3, 4]);
    const off = periodsDue(monthly, null, { ...state({ nextPeriod: 2 }), now });
    expect(off).toEqual({ periods: [], skipThrough: 4, truncated: false });
    expect(nextPeriod(monthly, null, { ...state({ nextPeriod: 2 }), now })).toBe(5);
    expect(nextIssueAt(monthly, null, { ...state({ nextPeriod: 2 }), now })?.toISOString()).toBe("2028-06-01T16:00:00.000Z");
  });

  it("periods an alarm fired for are owed: issued however late, backfill or not", () => {
    const now = at("2028-05-02T16:00:00Z");
    expect(periodsDue(monthly, null, { ...state({ nextPeriod: 2, owedThrough: 4 }), now }).periods).toEqual([2, 3, 4]);
    // Owed through 2 only: 2 is issued, and what follows it is no longer a stale prefix.
    expect(periodsDue(monthly, null, { ...state({ nextPeriod: 2, owedThrough: 2 }), now }).periods).toEqual([2, 3, 4]);
  });

  it("a late alarm within its grace issues: a daily period 11 h late is issued, 13 h late is skipped", () => {
    const daily: Cadence = { interval: "day", interval_count: 1, start_date: "2028-01-01", time_zone: "UTC" };
    const s = state({ nextPeriod: 3, activeSince: at("2027-12-01T00:00:00Z") });
    expect(periodsDue(daily, null, { ...s, now: at("2028-01-04T20:00:00Z") }).periods).toEqual([3]);
    expect(periodsDue(daily, null, { ...s, now: at("2028-01-04T22:00:00Z") })).toEqual({ periods: [], skipThrough: 3, truncated: false });
  });

  it("lateness counts from activeSince when that is later: a schedule made active after its period's instant issues it", () => {
    const s = state({ nextPeriod: 4, activeSince: at("2028-05-01T18:00:00Z") });
    expect(periodsDue(monthly, null, { ...s, now: at("2028-05-01T18:00:01Z") }).periods).toEqual([4]);
  });

  it("stops at the end condition; a skip past the last period leaves nothing", () => {
    const end = { after_count: 3 };
    expect(periodsDue(monthly, end, { ...state({ nextPeriod: 1, backfill: true }), now: at("2029-01-01T00:00:00Z") }).periods).toEqual([1, 2]);
    expect(nextIssueAt(monthly, end, { ...state({ nextPeriod: 3 }), now: at("2028-01-01T00:00:00Z") })).toBeNull();
    expect(nextPeriod(monthly, end, { ...state({ nextPeriod: 1 }), now: at("2029-01-01T00:00:00Z") })).toBeNull();
  });
});

describe("firstPeriodFor: where a schedule starts", () => {
  it("created the day it starts, after its issue time: that day's period", () => {
    const today: Cadence = { ...monthly, start_date: "2028-04-01" };
    expect(firstPeriodFor(today, at("2028-04-01T17:00:00Z"), { backfill: false })).toBe(0);
  });

  it("started two weeks before creation: next month's without backfill, period 0 with it", () => {
    expect(firstPeriodFor(monthly, at("2028-03-15T12:00:00Z"), { backfill: false })).toBe(3);
    expect(firstPeriodFor(monthly, at("2028-03-15T12:00:00Z"), { backfill: true })).toBe(0);
  });

  it("resumed after a pause of three periods: the first period at or after the resume, nothing of the pause", () => {
    expect(firstPeriodFor(monthly, at("2028-05-10T00:00:00Z"), { resumingFrom: 1 })).toBe(5);
    expect(firstPeriodFor(monthly, at("2028-05-01T15:00:00Z"), { resumingFrom: 1 })).toBe(4);
    // A resume never moves a schedule back.
    expect(firstPeriodFor(monthly, at("2028-01-10T00:00:00Z"), { resumingFrom: 3 })).toBe(3);
  });
});

describe("periodsDue: bounded work", () => {
  const daily: Cadence = { interval: "day", interval_count: 1, start_date: "1990-01-01", time_zone: "Europe/Berlin" };
  const now = at("2040-06-01T12:00:00Z");

  it("backfilling 50 years daily returns 1000 periods and says more are due; the next call continues", () => {
    const first = periodsDue(daily, null, { ...state({ backfill: true, activeSince: now }), now });
    expect(first.periods).toHaveLength(1000);
    expect(first.periods[999]).toBe(999);
    expect(first.truncated).toBe(true);
    expect(periodsDue(daily, null, { ...state({ backfill: true, nextPeriod: 1000, activeSince: now }), now }).periods[0]).toBe(1000);
  });

  it("without backfill, skips 50 years of stale daily periods by arithmetic, not by walking them", () => {
    const due = periodsDue(daily, null, { ...state({ activeSince: at("1990-01-01T00:00:00Z") }), now });
    const today = due.periods[0]!;
    expect(issueInstant(daily, today).toISOString()).toBe("2040-06-01T07:00:00.000Z");
    expect(due).toEqual({ periods: [today], skipThrough: today - 1, truncated: false });
  });
});
