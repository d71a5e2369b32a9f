import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors";
import { assertCadence, assertEnd, type Cadence, isLastPeriod, periodCount, periodExists } from "../../../src/domain/schedules/calendar";

const monthly: Cadence = { interval: "month", interval_count: 1, start_date: "2028-01-31", time_zone: "Europe/Berlin" };

describe("end conditions", () => {
  it("after_count: 12 gives exactly periods 0 to 11, the 12th being the last", () => {
    const end = { after_count: 12 };
    const existing = Array.from({ length: 20 }, (_, n) => n).filter((n) => periodExists(monthly, end, n));
    expect(existing).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(periodCount(monthly, end)).toBe(12);
    expect(isLastPeriod(monthly, end, 11)).toBe(true);
    expect(isLastPeriod(monthly, end, 10)).toBe(false);
    expect(isLastPeriod(monthly, end, 12)).toBe(false); // past the end is not "the last"
  });

  it("on_date keeps every period starting on or before it, even one that runs past it", () => {
    // Starts 31 Jan, 29 Feb, 31 Mar, 30 Apr: the 30 Apr period begins on the date and stays.
    expect(periodCount(monthly, { on_date: "2028-04-30" })).toBe(4);
    expect(periodCount(monthly, { on_date: "2028-04-29" })).toBe(3);
    expect(periodCount(monthly, { on_date: "2028-01-31" })).toBe(1);
    expect(periodCount(monthly, { on_date: "2028-01-30" })).toBe(0);
    expect(periodExists(monthly, { on_date: "2028-04-30" }, 3)).toBe(true);
    expect(periodExists(monthly, { on_date: "2028-04-30" }, 4)).toBe(false);
    expect(isLastPeriod(monthly, { on_date: "2028-05-15" }, 3)).toBe(true);
  });

  it("on_date counts far-off ends by arithmetic (daily for 130 years)", () => {
    const daily: Cadence = { interval: "day", interval_count: 1, start_date: "1970-01-01", time_zone: "UTC" };
    expect(periodCount(daily, { on_date: "2099-12-31" })).toBe(47482);
    expect(periodCount({ ...daily, interval_count: 7 }, { on_date: "1970-01-15" })).toBe(3);
  });

  it("an open-ended schedule has no count and no last period", () => {
    expect(periodCount(monthly, null)).toBeNull();
    expect(periodExists(monthly, null, 10_000)).toBe(true);
    expect(isLastPeriod(monthly, null, 10_000)).toBe(false);
  });
});

describe("assertCadence / assertEnd", () => {
  const param = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      return (err as DomainError).param;
    }
    return null;
  };

  it("accepts a valid cadence and end", () => {
    expect(param(() => assertCadence(monthly))).toBeNull();
    expect(param(() => assertEnd(monthly, { on_date: "2028-01-31" }))).toBeNull();
    expect(param(() => assertEnd(monthly, null))).toBeNull();
  });

  it("names the field that breaks a rule", () => {
    expect(param(() => assertCadence({ ...monthly, interval: "fortnight" as never }))).toBe("interval");
    expect(param(() => assertCadence({ ...monthly, interval_count: 0 }))).toBe("interval_count");
    expect(param(() => assertCadence({ ...monthly, interval_count: 366 }))).toBe("interval_count");
    expect(param(() => assertCadence({ ...monthly, interval_count: 1.5 }))).toBe("interval_count");
    expect(param(() => assertCadence({ ...monthly, start_date: "2027-02-29" }))).toBe("start_date");
    expect(param(() => assertCadence({ ...monthly, start_date: "2100-01-01" }))).toBe("start_date");
    expect(param(() => assertCadence({ ...monthly, time_zone: "Mars/Olympus" }))).toBe("time_zone");
    expect(param(() => assertEnd(monthly, { after_count: 0 }))).toBe("end.after_count");
    expect(param(() => assertEnd(monthly, { on_date: "2028-01-30" }))).toBe("end.on_date");
    expect(param(() => assertCadence({ ...monthly, anchor: "quarter_end" as never }))).toBe("anchor");
    expect(param(() => assertCadence({ ...monthly, interval: "week", anchor: "month_end" }))).toBe("anchor");
    // A month-end anchor starts on a month's last day: 30 April, not 29.
    expect(param(() => assertCadence({ ...monthly, start_date: "2027-04-30", anchor: "month_end" }))).toBeNull();
    expect(param(() => assertCadence({ ...monthly, start_date: "2027-04-29", anchor: "month_end" }))).toBe("start_date");
    expect(param(() => assertCadence({ ...monthly, interval: "year", start_date: "2028-02-29", anchor: "month_end" }))).toBeNull();
  });
});
