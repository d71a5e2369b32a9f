import { describe, expect, it } from "vitest";
import { addMonths, daysInMonth } from "../../../src/domain/dates";
import { type Cadence, firstPeriodFrom, period, periodStart } from "../../../src/domain/schedules/calendar";

const cadence = (interval: Cadence["interval"], start_date: string, interval_count = 1): Cadence => ({
  interval,
  interval_count,
  start_date,
  time_zone: "UTC",
});
const starts = (c: Cadence, count: number) => Array.from({ length: count }, (_, n) => periodStart(c, n));

describe("periodStart, monthly", () => {
  it("keeps a 31st anchor through short months without drifting (31 Jan → 29 Feb 2028 → 31 Mar …)", () => {
    expect(starts(cadence("month", "2028-01-31"), 14)).toEqual([
      "2028-01-31",
      "2028-02-29",
      "2028-03-31",
      "2028-04-30",
      "2028-05-31",
      "2028-06-30",
      "2028-07-31",
      "2028-08-31",
      "2028-09-30",
      "2028-10-31",
      "2028-11-30",
      "2028-12-31",
      "2029-01-31",
      "2029-02-28",
    ]);
  });

  it("keeps a 30th anchor: February clamps, March is the 30th again", () => {
    expect(starts(cadence("month", "2027-01-30"), 3)).toEqual(["2027-01-30", "2027-02-28", "2027-03-30"]);
  });

  it("steps by interval_count months from the anchor (quarterly from 31 Jan)", () => {
    expect(starts(cadence("month", "2027-01-31", 3), 5)).toEqual(["2027-01-31", "2027-04-30", "2027-07-31", "2027-10-31", "2028-01-31"]);
    expect(starts(cadence("month", "2027-11-30", 2), 3)).toEqual(["2027-11-30", "2028-01-30", "2028-03-30"]);
  });
});

describe("periodStart, month-end anchor", () => {
  const monthEnd = (interval: Cadence["interval"], start_date: string, interval_count = 1): Cadence => ({
    ...cadence(interval, start_date, interval_count),
    anchor: "month_end",
  });

  it("starts every period on its month's last day (30 Apr → 31 May → 30 Jun → 31 Jul), where the default keeps the 30th", () => {
    expect(starts(monthEnd("month", "2027-04-30"), 4)).toEqual(["2027-04-30", "2027-05-31", "2027-06-30", "2027-07-31"]);
    expect(starts(cadence("month", "2027-04-30"), 4)).toEqual(["2027-04-30", "2027-05-30", "2027-06-30", "2027-07-30"]);
    expect(starts(monthEnd("month", "2027-02-28"), 3)).toEqual(["2027-02-28", "2027-03-31", "2027-04-30"]);
  });

  it("steps by interval_count months, and yearly keeps the last day of February in leap years", () => {
    expect(starts(monthEnd("month", "2027-06-30", 2), 4)).toEqual(["2027-06-30", "2027-08-31", "2027-10-31", "2027-12-31"]);
    expect(starts(monthEnd("year", "2027-02-28"), 3)).toEqual(["2027-02-28", "2028-02-29", "2029-02-28"]);
  });

  it("finds the period of any date, periods tiling the calendar", () => {
    const c = monthEnd("month", "2027-04-30");
    expect(period(c, 1)).toEqual({ start: "2027-05-31", end_inclusive: "2027-06-29" });
    expect(firstPeriodFrom(c, "2027-05-31")).toBe(1);
    expect(firstPeriodFrom(c, "2027-06-01")).toBe(2);
    expect(firstPeriodFrom(c, "2028-02-29")).toBe(10);
    expect(periodStart(c, 10)).toBe("2028-02-29");
  });
});

describe("periodStart, yearly", () => {
  it("issues a 29 Feb anchor on 28 Feb in common years and 29 Feb in leap years", () => {
    expect(starts(cadence("year", "2028-02-29"), 5)).toEqual(["2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]);
  });

  it("follows the Gregorian century rule (2100 is not a leap year, 2400 is)", () => {
    expect(periodStart(cadence("year", "2096-02-29", 4), 1)).toBe("2100-02-28");
    expect(periodStart(cadence("year", "2396-02-29", 4), 1)).toBe("2400-02-29");
  });

  it("steps by interval_count years", () => {
    expect(starts(cadence("year", "2028-02-29", 2), 3)).toEqual(["2028-02-29", "2030-02-28", "2032-02-29"]);
  });
});

describe("periodStart, days and weeks", () => {
  it("adds whole days across month, year and leap-day boundaries", () => {
    expect(starts(cadence("day", "2028-02-27"), 4)).toEqual(["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"]);
    expect(starts(cadence("day", "2027-12-30", 3), 3)).toEqual(["2027-12-30", "2028-01-02", "2028-01-05"]);
  });

  it("adds 7 × interval_count days per week period", () => {
    expect(starts(cadence("week", "2027-12-20"), 3)).toEqual(["2027-12-20", "2027-12-27", "2028-01-03"]);
    expect(starts(cadence("week", "2027-12-20", 2), 3)).toEqual(["2027-12-20", "2028-01-03", "2028-01-17"]);
  });

  it("refuses a negative or fractional index and an interval_count out of range", () => {
    expect(() => periodStart(cadence("day", "2028-01-01"), -1)).toThrow(RangeError);
    expect(() => periodStart(cadence("day", "2028-01-01"), 1.5)).toThrow(RangeError);
    expect(() => periodStart(cadence("day", "2028-01-01", 0), 1)).toThrow(RangeError);
    expect(() => periodStart(cadence("day", "2028-01-01", 366), 1)).toThrow(RangeError);
  });
});

describe("period", () => {
  it("ends the day before the next period starts", () => {
    const monthly = cadence("month", "2028-01-31");
    expect(period(monthly, 0)).toEqual({ start: "2028-01-31", end_inclusive: "2028-02-28" });
    expect(period(monthly, 1)).toEqual({ start: "2028-02-29", end_inclusive: "2028-03-30" });
    expect(period(cadence("year", "2028-02-29"), 0)).toEqual({ start: "2028-02-29", end_inclusive: "2029-02-27" });
    expect(period(cadence("year", "2027-03-01"), 0)).toEqual({ start: "2027-03-01", end_inclusive: "2028-02-29" });
    expect(period(cadence("day", "2028-01-01"), 0)).toEqual({ start: "2028-01-01", end_inclusive: "2028-01-01" });
    expect(period(cadence("week", "2028-01-01", 2), 0)).toEqual({ start: "2028-01-01", end_inclusive: "2028-01-14" });
  });
});

describe("firstPeriodFrom", () => {
  it("finds the first period starting on or after a date, far out, without walking", () => {
    const monthly = cadence("month", "2028-01-31");
    expect(firstPeriodFrom(monthly, "2028-01-01")).toBe(0);
    expect(firstPeriodFrom(monthly, "2028-01-31")).toBe(0);
    expect(firstPeriodFrom(monthly, "2028-02-01")).toBe(1);
    expect(firstPeriodFrom(monthly, "2028-02-29")).toBe(1);
    expect(firstPeriodFrom(monthly, "2028-03-01")).toBe(2);
    expect(firstPeriodFrom(cadence("day", "1970-01-01"), "2099-12-31")).toBe(47481);
    expect(firstPeriodFrom(cadence("week", "2028-01-01", 3), "2028-01-23")).toBe(2);
  });
});

describe("addMonths / daysInMonth (dates.ts)", () => {
  it("clamps without carrying and crosses years both ways", () => {
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2027-11-15", 3)).toBe("2028-02-15");
    expect(addMonths("2028-03-31", -1)).toBe("2028-02-29");
    expect(addMonths("2028-01-15", -13)).toBe("2026-12-15");
    expect([1900, 2000, 2027, 2028].map((y) => daysInMonth(y, 2))).toEqual([28, 29, 28, 29]);
  });
});

describe("periodStart, the far end", () => {
  it("refuses a period past 9999-12-31 instead of returning a malformed date", () => {
    expect(periodStart(cadence("year", "2099-12-31", 365), 21)).toBe("9764-12-31");
    expect(() => periodStart(cadence("year", "2099-12-31", 365), 22)).toThrow(RangeError);
    expect(() => periodStart(cadence("day", "2099-12-31", 365), 10_000)).toThrow(RangeError);
  });
});
