import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE, maxAttempts, parseRetrySchedule, retryDelaySeconds } from "../../../src/domain/retry-schedule";

const DEFAULT_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];

describe("parseRetrySchedule", () => {
  it("reads the default as seconds: 7 retries, 8 attempts in all", () => {
    expect(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE)).toEqual(DEFAULT_SECONDS);
    expect(maxAttempts(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE))).toBe(8);
  });

  it("uses the default when the var is unset, empty or blank", () => {
    expect(parseRetrySchedule(undefined)).toEqual(DEFAULT_SECONDS);
    expect(parseRetrySchedule("")).toEqual(DEFAULT_SECONDS);
    expect(parseRetrySchedule("  \n")).toEqual(DEFAULT_SECONDS);
  });

  it("reads s, m and h and tolerates whitespace", () => {
    expect(parseRetrySchedule("30s")).toEqual([30]);
    expect(parseRetrySchedule(" 1s , 2m,3 h ")).toEqual([1, 120, 10_800]);
    expect(parseRetrySchedule("0s,0s")).toEqual([0, 0]); // immediate retries, e.g. for tests
  });

  it("accepts 12h and refuses anything longer, naming the var, the entry and the queue limit", () => {
    expect(parseRetrySchedule("12h,720m,43200s")).toEqual([43_200, 43_200, 43_200]);
    for (const entry of ["13h", "721m", "43201s", "99999999999999999999h"]) {
      expect(() => parseRetrySchedule(`5s,${entry}`)).toThrow(new RegExp(`WEBHOOK_RETRY_SCHEDULE: "${entry}".*12h.*Cloudflare Queues`));
    }
  });

  it("refuses entries it cannot read, naming the var and the entry", () => {
    for (const [spec, entry] of [
      ["5x", "5x"],
      ["5", "5"],
      ["1.5h", "1.5h"],
      ["-5s", "-5s"],
      ["5s,,5m", ""],
      ["5s,", ""],
      ["1d", "1d"],
      ["5S", "5S"],
      ["5 s 5m", "5 s 5m"],
    ] as const) {
      expect(() => parseRetrySchedule(spec)).toThrow(`WEBHOOK_RETRY_SCHEDULE: "${entry}" is not a delay`);
    }
  });

  it("allows at most 20 retries", () => {
    expect(parseRetrySchedule(Array(20).fill("1m").join(","))).toHaveLength(20);
    expect(() => parseRetrySchedule(Array(21).fill("1m").join(","))).toThrow("WEBHOOK_RETRY_SCHEDULE lists 21 retries; at most 20 are allowed.");
  });

  it("throws a plain Error: a bad schedule is configuration, not a request's fault", () => {
    try {
      parseRetrySchedule("soon");
      expect.unreachable();
    } catch (err) {
      expect((err as Error).constructor).toBe(Error);
    }
  });

  it("reads back any schedule written in any unit (property)", () => {
    const delay = fc.oneof(
      fc.integer({ min: 0, max: 43_200 }).map((n) => [`${n}s`, n] as const),
      fc.integer({ min: 0, max: 720 }).map((n) => [`${n}m`, n * 60] as const),
      fc.integer({ min: 0, max: 12 }).map((n) => [`${n}h`, n * 3600] as const),
    );
    fc.assert(
      fc.property(fc.array(delay, { minLength: 1, maxLength: 20 }), (delays) => {
        expect(parseRetrySchedule(delays.map(([text]) => text).join(","))).toEqual(delays.map(([, seconds]) => seconds));
      }),
    );
  });
});

describe("retryDelaySeconds", () => {
  const schedule = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);

  it("gives the delay before each retry, then null once all 8 attempts are spent", () => {
    expect(retryDelaySeconds(schedule, 0)).toBe(0); // the first attempt is immediate
    expect(retryDelaySeconds(schedule, 1)).toBe(5);
    expect(retryDelaySeconds(schedule, 2)).toBe(300);
    expect(retryDelaySeconds(schedule, 7)).toBe(36_000);
    expect(retryDelaySeconds(schedule, 8)).toBeNull();
    expect(retryDelaySeconds(schedule, 9)).toBeNull();
  });

  it("has a delay for exactly maxAttempts − 1 failures, for any schedule (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 43_200 }), { maxLength: 20 }), fc.nat(30), (delays, made) => {
        const delay = retryDelaySeconds(delays, made);
        if (made === 0) expect(delay).toBe(0);
        else if (made < maxAttempts(delays)) expect(delay).toBe(delays[made - 1]);
        else expect(delay).toBeNull();
      }),
    );
  });

  it("refuses a count that is not a whole number ≥ 0", () => {
    expect(() => retryDelaySeconds(schedule, -1)).toThrow(RangeError);
    expect(() => retryDelaySeconds(schedule, 1.5)).toThrow(RangeError);
    expect(() => retryDelaySeconds(schedule, Number.NaN)).toThrow(RangeError);
  });
});
