import { describe, expect, it } from "vitest";
import { fillPlaceholders, type Period } from "../../../src/domain/schedules/calendar";

const period: Period = { start: "2028-02-29", end_inclusive: "2028-03-30" };
const text = "Hosting {month} {year}: {period_start} – {period_end}";

describe("fillPlaceholders", () => {
  it("formats in en-US", () => {
    expect(fillPlaceholders(text, { period, locale: "en-US" })).toBe("Hosting February 2028: Feb 29, 2028 – Mar 30, 2028");
  });

  it("formats in de-DE", () => {
    expect(fillPlaceholders(text, { period, locale: "de-DE" })).toBe("Hosting Februar 2028: 29.02.2028 – 30.03.2028");
  });

  it("formats in ja-JP, keeping the locale's 年 out of {year}", () => {
    expect(fillPlaceholders(text, { period, locale: "ja-JP" })).toBe("Hosting 2月 2028: 2028/02/29 – 2028/03/30");
  });

  it("formats the calendar date itself, whatever the zone: a 1 January start reads 1 January", () => {
    const newYear: Period = { start: "2028-01-01", end_inclusive: "2028-01-31" };
    expect(fillPlaceholders("{period_start} {month} {year}", { period: newYear, locale: "en-US" })).toBe("Jan 1, 2028 January 2028");
  });

  it("leaves unknown and malformed placeholders as written, and replaces repeats", () => {
    expect(fillPlaceholders("{customer} {Month} {year {year}{year}", { period, locale: "en-US" })).toBe("{customer} {Month} {year 20282028");
  });

  it("falls back to en-US for an invalid locale", () => {
    expect(fillPlaceholders(text, { period, locale: "not a locale!" })).toBe(fillPlaceholders(text, { period, locale: "en-US" }));
    expect(fillPlaceholders("{month}", { period, locale: "" })).toBe("February");
  });
});
