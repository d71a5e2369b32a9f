import { describe, expect, it } from "vitest";
import { parseRetrySchedule } from "../../../src/domain/retry-schedule";
import { AUTO_DISABLE_AFTER_MS, afterFailedAttempt, isDelivered, isFailingTooLong, signingSecrets } from "../../../src/domain/webhook-delivery";

const now = new Date("2026-03-01T12:00:00.000Z");

describe("isDelivered", () => {
  it("is 2xx only: a redirect, a client or server error, or no answer is a failure", () => {
    expect([200, 201, 204, 299].map(isDelivered)).toEqual([true, true, true, true]);
    expect([null, 100, 301, 302, 304, 308, 400, 410, 500, 503].map(isDelivered)).toEqual(Array(10).fill(false));
  });
});

describe("afterFailedAttempt", () => {
  const schedule = parseRetrySchedule("5s,5m,2h");
  it("waits the schedule's delay after each failed attempt, then fails", () => {
    expect(afterFailedAttempt(schedule, 1, now)).toEqual({ status: "pending", delaySeconds: 5, nextAttemptAt: "2026-03-01T12:00:05.000Z" });
    expect(afterFailedAttempt(schedule, 2, now)).toEqual({ status: "pending", delaySeconds: 300, nextAttemptAt: "2026-03-01T12:05:00.000Z" });
    expect(afterFailedAttempt(schedule, 3, now)).toEqual({ status: "pending", delaySeconds: 7200, nextAttemptAt: "2026-03-01T14:00:00.000Z" });
    expect(afterFailedAttempt(schedule, 4, now)).toEqual({ status: "failed" });
  });
  it("makes the default schedule's 8 attempts", () => {
    const defaults = parseRetrySchedule(undefined);
    const pending = [1, 2, 3, 4, 5, 6, 7].map((n) => afterFailedAttempt(defaults, n, now).status);
    expect(pending).toEqual(Array(7).fill("pending"));
    expect(afterFailedAttempt(defaults, 8, now).status).toBe("failed");
  });
});

describe("signingSecrets", () => {
  const endpoint = { secret: "whsec_new", previousSecret: "whsec_old", previousSecretExpiresAt: "2026-03-01T12:00:01.000Z" };
  it("signs with both secrets until the previous one expires", () => {
    expect(signingSecrets(endpoint, now)).toEqual(["whsec_new", "whsec_old"]);
    expect(signingSecrets(endpoint, new Date("2026-03-01T12:00:01.000Z"))).toEqual(["whsec_new"]);
    expect(signingSecrets({ ...endpoint, previousSecret: null }, now)).toEqual(["whsec_new"]);
    expect(signingSecrets({ ...endpoint, previousSecretExpiresAt: null }, now)).toEqual(["whsec_new"]);
  });
});

describe("isFailingTooLong", () => {
  it("is five days of failures, to the millisecond", () => {
    const fiveDaysAgo = new Date(now.getTime() - AUTO_DISABLE_AFTER_MS).toISOString();
    expect(isFailingTooLong(fiveDaysAgo, now)).toBe(true);
    expect(isFailingTooLong(new Date(now.getTime() - AUTO_DISABLE_AFTER_MS + 1).toISOString(), now)).toBe(false);
    expect(isFailingTooLong(null, now)).toBe(false);
  });
});
