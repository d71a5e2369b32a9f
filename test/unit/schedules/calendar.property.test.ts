import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysInMonth } from "../../../src/domain/dates";
import {
  type Cadence,
  type End,
  firstPeriodFrom,
  type IssueState,
  issueInstant,
  period,
  periodCount,
  periodExists,
  periodStart,
  periodsDue,
} from "../../../src/domain/schedules/calendar";

// Zones with the shapes of change that matter: none, hour DST both hemispheres, 30-minute DST
// (Lord Howe), midnight gaps (São Paulo), odd offsets (St John's, Chatham), a skipped day (Apia).
const ZONES = [
  "UTC",
  "America/Los_Angeles",
  "Europe/Berlin",
  "America/Sao_Paulo",
  "Australia/Lord_Howe",
  "America/St_Johns",
  "Pacific/Chatham",
  "Pacific/Apia",
  "Asia/Kolkata",
];
const INTERVALS = ["day", "week", "month", "year"] as const;
const DAYS_PER_STEP = { day: 1, week: 7, month: 31, year: 366 };

const dateArb = fc
  .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
// Month-end starts are where anchoring goes wrong; draw them often.
const startArb = fc.oneof(dateArb, fc.constantFrom("2028-01-31", "2028-02-29", "2027-03-31", "2027-01-30", "2027-03-14", "2027-10-31", "2011-12-29"));
const cadenceArb: fc.Arbitrary<Cadence> = fc
  .record({
    interval: fc.constantFrom(...INTERVALS),
    interval_count: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 365 })),
    start_date: startArb,
    time_zone: fc.constantFrom(...ZONES),
    anchor: fc.constantFrom("start_date", "month_end") as fc.Arbitrary<Cadence["anchor"]>,
  })
  // A month-end anchor is for monthly and yearly schedules starting on a month's last day (src/domain/schedules/validation.ts).
  .map((c) => {
    if (c.anchor !== "month_end" || (c.interval !== "month" && c.interval !== "year")) return { ...c, anchor: "start_date" as const };
    const [y, m] = c.start_date.split("-").map(Number) as [number, number];
    return { ...c, start_date: `${c.start_date.slice(0, 8)}${daysInMonth(y, m)}` };
  });
// A first index whose periods stay within a few thousand years (four-digit years).
const cadenceAndIndex = cadenceArb.chain((cadence) => {
  const maxIndex = maxIndexOf(cadence) - 8; // the properties look up to 7 periods further
  return fc.tuple(
    fc.constant(cadence),
    fc.oneof(fc.integer({ min: 0, max: Math.min(30, maxIndex) }), fc.integer({ min: 0, max: Math.min(maxIndex, 100_000) })),
  );
});
/** The last index still starting in a four-digit year from a start up to 2099 (about 7,000 years on). */
function maxIndexOf(cadence: Cadence): number {
  return Math.floor(2_500_000 / DAYS_PER_STEP[cadence.interval] / cadence.interval_count);
}
const RUNS = { numRuns: 300 };

describe("calendar properties", () => {
  it("periods tile the calendar: strictly increasing starts, end_inclusive + 1 day = next start", () => {
    fc.assert(
      fc.property(cadenceAndIndex, ([cadence, n0]) => {
        for (let n = n0; n < n0 + 6; n++) {
          const p = period(cadence, n);
          expect(p.start < periodStart(cadence, n + 1)).toBe(true);
          expect(p.end_inclusive >= p.start).toBe(true);
          expect(addDays(p.end_inclusive, 1)).toBe(periodStart(cadence, n + 1));
        }
      }),
      RUNS,
    );
  });

  it("month and year starts keep the anchor's day, clamped only by the month's length (or the month's last day, anchored to month ends)", () => {
    fc.assert(
      fc.property(cadenceAndIndex, ([cadence, n]) => {
        fc.pre(cadence.interval === "month" || cadence.interval === "year");
        const start = periodStart(cadence, n);
        const anchorDay = Number(cadence.start_date.slice(8));
        const [y, m, d] = start.split("-").map(Number) as [number, number, number];
        expect(d).toBe(cadence.anchor === "month_end" ? daysInMonth(y, m) : Math.min(anchorDay, daysInMonth(y, m)));
        const months = (y - Number(cadence.start_date.slice(0, 4))) * 12 + (m - Number(cadence.start_date.slice(5, 7)));
        expect(months).toBe(n * cadence.interval_count * (cadence.interval === "year" ? 12 : 1));
      }),
      RUNS,
    );
  });

  it("issue instants strictly increase, DST, gaps and skipped days included", () => {
    fc.assert(
      fc.property(cadenceAndIndex, timeArb, ([cadence, n0], time) => {
        let previous = issueInstant(cadence, n0, time).getTime();
        for (let n = n0 + 1; n < n0 + 6; n++) {
          const next = issueInstant(cadence, n, time).getTime();
          expect(next).toBeGreaterThan(previous);
          previous = next;
        }
      }),
      RUNS,
    );
  });

  it("an issue instant reads the local time on the start date, or is the first instant after a skipped one", () => {
    const reading = (instant: number, timeZone: string) => {
      const parts = new Intl.DateTimeFormat("en-CA", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      }).formatToParts(new Date(instant));
      const get = (type: string) => parts.find((p) => p.type === type)!.value;
      return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
    };
    fc.assert(
      fc.property(cadenceAndIndex, timeArb, ([cadence, n], time) => {
        const wanted = `${periodStart(cadence, n)} ${time}`;
        const instant = issueInstant(cadence, n, time).getTime();
        const got = reading(instant, cadence.time_zone);
        if (got === wanted) {
          // The earlier of two readings: an hour (or 30 min) before does not read the same.
          for (const back of [30, 60]) expect(reading(instant - back * 60_000, cadence.time_zone)).not.toBe(wanted);
        } else {
          // Skipped: the clocks jump over the wanted reading in the second before this instant.
          expect(got > wanted).toBe(true);
          expect(reading(instant - 1000, cadence.time_zone) < wanted).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("firstPeriodFrom and on_date counts agree with walking the periods", () => {
    fc.assert(
      fc.property(cadenceArb, fc.integer({ min: -40, max: 3000 }), (cadence, offsetDays) => {
        const date = addDays(cadence.start_date, offsetDays);
        let walked = 0;
        while (periodStart(cadence, walked) < date) walked++;
        expect(firstPeriodFrom(cadence, date)).toBe(walked);
        let count = 0;
        while (periodStart(cadence, count) <= date) count++;
        expect(periodCount(cadence, { on_date: date })).toBe(count);
      }),
      RUNS,
    );
  });

  it("periodsDue is exactly the periods the catch-up rule names, checked one by one", () => {
    const endArb: fc.Arbitrary<End> = fc.oneof(fc.constant(null), fc.record({ after_count: fc.integer({ min: 1, max: 40 }) }), fc.record({ on_date: dateArb }));
    fc.assert(
      fc.property(
        cadenceArb,
        endArb,
        fc.integer({ min: 0, max: 30 }),
        fc.option(fc.integer({ min: 0, max: 40 })),
        fc.boolean(),
        fc.integer({ min: -5, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (cadence, end, nextPeriod, owedThrough, backfill, activeSteps, nowSteps) => {
          fc.pre(cadence.interval_count <= 3);
          // Activation and now fall around the period grid: shifted off it by a few hours.
          const around = (steps: number, hours: number) => new Date(issueInstant(cadence, Math.max(0, steps)).getTime() + (steps < 0 ? -1 : hours) * 3_600_000);
          const activeSince = around(activeSteps, 5);
          const now = around(activeSteps + nowSteps, -2);
          const state: IssueState = { nextPeriod, backfill, activeSince, owedThrough };
          // The rule, literally: a stale prefix is skipped, then every period due is issued.
          const expected: number[] = [];
          let skipThrough: number | null = null;
          for (let n = nextPeriod; periodExists(cadence, end, n) && issueInstant(cadence, n) <= now; n++) {
            const instant = issueInstant(cadence, n).getTime();
            const grace = Math.min(86_400_000, Math.floor((issueInstant(cadence, n + 1).getTime() - instant) / 2));
            const fresh = now.getTime() - Math.max(instant, activeSince.getTime()) <= grace;
            if (expected.length === 0 && !(backfill || (owedThrough !== null && n <= owedThrough) || fresh)) skipThrough = n;
            else expected.push(n);
          }
          expect(periodsDue(cadence, end, { ...state, now })).toEqual({ periods: expected, skipThrough, truncated: false });
          const limited = periodsDue(cadence, end, { ...state, now, limit: 2 });
          expect(limited).toEqual({ periods: expected.slice(0, 2), skipThrough, truncated: expected.length > 2 });
        },
      ),
      RUNS,
    );
  });
});
