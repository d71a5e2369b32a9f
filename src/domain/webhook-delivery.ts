/*
 * The rules of an outbound webhook delivery, apart from the HTTP and the storage: what counts
 * as delivered, what follows a failed attempt, which secrets sign, when an endpoint that only
 * fails is disabled. Pure: times come in as arguments.
 */

import { retryDelaySeconds } from "./retry-schedule";

/** Five days of nothing but failed attempts disables an endpoint (a receiver that is gone, not one that hiccuped). */
export const AUTO_DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

/** How much of a receiver's answer the log keeps: enough to read an error page's gist. */
export const RESPONSE_BODY_LOG_BYTES = 1024;

/** Only 2xx is delivered; a 3xx is a failure because a redirect is never followed (its target was never checked). */
export const isDelivered = (statusCode: number | null): boolean => statusCode !== null && statusCode >= 200 && statusCode <= 299;

export type AfterFailure = { status: "pending"; delaySeconds: number; nextAttemptAt: string } | { status: "failed" };

/** After the `attemptsMade`-th failed attempt (counting it): the next attempt's time, or failed when the schedule is spent. */
export function afterFailedAttempt(schedule: readonly number[], attemptsMade: number, now: Date): AfterFailure {
  const delaySeconds = retryDelaySeconds(schedule, attemptsMade);
  if (delaySeconds === null) return { status: "failed" };
  return { status: "pending", delaySeconds, nextAttemptAt: new Date(now.getTime() + delaySeconds * 1000).toISOString() };
}

export type EndpointSecrets = { secret: string; previousSecret: string | null; previousSecretExpiresAt: string | null };

/**
 * The secrets a delivery is signed with: the current one, and the one before the last rotation
 * until it expires, so a receiver can switch secrets without losing a message.
 */
export function signingSecrets(endpoint: EndpointSecrets, now: Date): string[] {
  const previousValid = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now.toISOString();
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/** Whether an endpoint failing since `failingSince` has failed long enough to be disabled. */
export function isFailingTooLong(failingSince: string | null, now: Date): boolean {
  return failingSince !== null && Date.parse(failingSince) <= now.getTime() - AUTO_DISABLE_AFTER_MS;
}
