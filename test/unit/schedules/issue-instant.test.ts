import { describe, expect, it } from "vitest";
import { type Cadence, issueInstant, localInstant } from "../../../src/domain/schedules/calendar";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (d: Date) => d.toISOString();

describe("issueInstant across DST", () => {
  // Los Angeles 2027: PST (UTC−8) until 14 March 02:00, PDT (UTC−7) until 7 November 02:00.
  const weekly = (start_date: string): Cadence => ({ interval: "week", interval_count: 1, start_date, time_zone: "America/Los_Angeles" });

  it("keeps 09:00 local weekly in Los Angeles over the March change: 17:00Z, then 16:00Z", () => {
    const c = weekly("2027-03-07");
    const [before, after, later] = [0, 1, 2].map((n) => issueInstant(c, n, "09:00"));
    expect(iso(before!)).toBe("2027-03-07T17:00:00.000Z");
    expect(iso(after!)).toBe("2027-03-14T16:00:00.000Z");
    expect(iso(later!)).toBe("2027-03-21T16:00:00.000Z");
    // The week that loses an hour is an hour short in UTC, the next a full week.
    expect(after!.getTime() - before!.getTime()).toBe(7 * DAY - HOUR);
    expect(later!.getTime() - after!.getTime()).toBe(7 * DAY);
  });

  it("keeps 09:00 local weekly in Los Angeles over the November change: 16:00Z, then 17:00Z", () => {
    const c = weekly("2027-10-31");
    const [before, after] = [0, 1].map((n) => issueInstant(c, n));
    expect(iso(before!)).toBe("2027-10-31T16:00:00.000Z");
    expect(iso(after!)).toBe("2027-11-07T17:00:00.000Z");
    expect(after!.getTime() - before!.getTime()).toBe(7 * DAY + HOUR);
  });

  it("moves 02:30 daily in Berlin on the March gap day to 03:00 CEST, the first valid instant", () => {
    // Berlin 2027: clocks jump 02:00 CET → 03:00 CEST on 28 March (01:00Z).
    const daily: Cadence = { interval: "day", interval_count: 1, start_date: "2027-03-27", time_zone: "Europe/Berlin" };
    expect([0, 1, 2].map((n) => iso(issueInstant(daily, n, "02:30")))).toEqual([
      "2027-03-27T01:30:00.000Z", // 02:30 CET
      "2027-03-28T01:00:00.000Z", // 02:30 does not exist: 03:00 CEST
      "2027-03-29T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("takes the earlier of a time shown twice (Berlin 31 October 2027, 02:30 CEST not CET)", () => {
    expect(iso(localInstant("2027-10-31", "02:30", "Europe/Berlin"))).toBe("2027-10-31T00:30:00.000Z");
    expect(iso(localInstant("2027-11-07", "01:30", "America/Los_Angeles"))).toBe("2027-11-07T08:30:00.000Z"); // PDT
  });

  it("moves a skipped midnight forward (São Paulo 4 November 2018, 00:00 → 01:00 −02)", () => {
    expect(iso(localInstant("2018-11-04", "00:00", "America/Sao_Paulo"))).toBe("2018-11-04T03:00:00.000Z");
    expect(iso(localInstant("2018-11-03", "00:00", "America/Sao_Paulo"))).toBe("2018-11-03T03:00:00.000Z"); // −03
  });

  it("moves a time in a whole skipped day to the next day's first instant (Apia skipped 30 December 2011)", () => {
    expect(iso(localInstant("2011-12-30", "09:00", "Pacific/Apia"))).toBe("2011-12-30T10:00:00.000Z"); // 31 Dec 00:00 +14
    expect(iso(localInstant("2011-12-31", "09:00", "Pacific/Apia"))).toBe("2011-12-30T19:00:00.000Z");
  });

  it("uses 09:00 by default, zones east of UTC, and the half-hour offsets", () => {
    const c: Cadence = { interval: "month", interval_count: 1, start_date: "2028-01-31", time_zone: "Asia/Tokyo" };
    expect(iso(issueInstant(c, 1))).toBe("2028-02-29T00:00:00.000Z");
    expect(iso(localInstant("2028-01-01", "09:00", "Asia/Kolkata"))).toBe("2028-01-01T03:30:00.000Z");
    expect(iso(localInstant("2028-01-01", "00:00", "UTC"))).toBe("2028-01-01T00:00:00.000Z");
  });

  it("refuses a malformed local time", () => {
    for (const bad of ["9:00", "24:00", "09:60", "09:00:00", ""]) expect(() => localInstant("2028-01-01", bad, "UTC")).toThrow(RangeError);
  });
});
