import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

// The binding counts in fixed 60 s windows and does not say when one ends; a client that
// waits this long is sure to be in a fresh window.
const RETRY_AFTER_SECONDS = 60;

/**
 * The bucket a request is counted in: the key id it claims (whether or not its secret turns
 * out right, so guessing one key's secret is throttled like using it), else the client's
 * address, so a stream of unreadable credentials is throttled too.
 */
export function rateLimitKey(c: Context<AppEnv>, claimedKeyId: string | null): string {
  if (claimedKeyId) return claimedKeyId;
  return `ip:${c.req.header("CF-Connecting-IP") ?? "unknown"}`;
}

/**
 * Counts one request in the bucket (wrangler.toml [[ratelimits]]); resolves to the 429 to
 * throw once the bucket is over budget, or null. It does not throw itself, so it can run
 * beside the key lookup and be looked at after both have finished.
 */
export async function countRequest(c: Context<AppEnv>, bucket: string): Promise<ApiError | null> {
  const { success } = await c.env.API_RATE_LIMITER.limit({ key: bucket });
  if (success) return null;
  const who = bucket.startsWith("ip:") ? "from this client" : "for this API key";
  return new ApiError("rate_limit_error", "rate_limited", `Too many requests ${who}; retry after the Retry-After seconds.`, undefined, {
    "Retry-After": String(RETRY_AFTER_SECONDS),
  });
}
