/*
 * When a failed webhook delivery is tried again. The first attempt is immediate; the var
 * WEBHOOK_RETRY_SCHEDULE lists the delays before each retry after it, so the default makes
 * 8 attempts over about 28 hours, after which the delivery is `failed`.
 *
 * A schedule is deploy configuration, not user input: a bad one throws a plain Error naming
 * the var, so a misconfigured deploy fails loudly rather than answering 400 to a merchant.
 */

export const DEFAULT_RETRY_SCHEDULE = "5s,5m,30m,2h,5h,10h,10h";

// A retry is a queue message sent with delaySeconds, and Cloudflare Queues allows at most
// 12 hours (https://developers.cloudflare.com/queues/platform/limits/). Checked here because
// local development would not catch it: miniflare's broker accepts up to 86 400 s
// (node_modules/miniflare/dist/src/workers/queues/broker.worker.js, QueueMessageDelaySchema).
export const MAX_RETRY_DELAY_SECONDS = 43_200;

// Enough for any sensible policy; more only keeps a dead endpoint's deliveries alive longer.
export const MAX_RETRIES = 20;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;
const ENTRY = /^(\d+)\s*([smh])$/;

/** The retry delays in seconds; an unset or blank spec means DEFAULT_RETRY_SCHEDULE. */
export function parseRetrySchedule(spec: string | undefined): number[] {
  const text = spec?.trim() ? spec : DEFAULT_RETRY_SCHEDULE;
  const entries = text.split(",").map((entry) => entry.trim());
  if (entries.length > MAX_RETRIES) {
    throw new Error(`WEBHOOK_RETRY_SCHEDULE lists ${entries.length} retries; at most ${MAX_RETRIES} are allowed.`);
  }
  return entries.map((entry) => {
    const match = ENTRY.exec(entry);
    if (!match) {
      throw new Error(
        `WEBHOOK_RETRY_SCHEDULE: "${entry}" is not a delay; write each as a whole number with s, m or h, comma-separated (e.g. "${DEFAULT_RETRY_SCHEDULE}").`,
      );
    }
    const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
    if (seconds > MAX_RETRY_DELAY_SECONDS) {
      throw new Error(`WEBHOOK_RETRY_SCHEDULE: "${entry}" is longer than 12h, the longest delay a Cloudflare Queues message can have.`);
    }
    return seconds;
  });
}

/** Attempts in all: the immediate first one and one per retry. */
export function maxAttempts(schedule: readonly number[]): number {
  return schedule.length + 1;
}

/**
 * After `attemptsMade` failed attempts, the seconds to wait before the next one, or null when
 * the schedule is spent and the delivery has failed. Before any attempt (0) the wait is 0.
 */
export function retryDelaySeconds(schedule: readonly number[], attemptsMade: number): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 0) throw new RangeError(`attemptsMade must be a whole number ≥ 0, got ${attemptsMade}.`);
  if (attemptsMade === 0) return 0;
  return schedule[attemptsMade - 1] ?? null;
}
