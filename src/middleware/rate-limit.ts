import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

// The binding counts in fixed 60 s windows and does not say when one ends; a client that
// waits this long is sure to be in a fresh window.
const RETRY_AFTER_SECONDS = 60;

/** 429 with Retry-After once an API key exceeds its budget (wrangler.toml [[ratelimits]]). */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const { success } = await c.env.API_RATE_LIMITER.limit({ key: c.get("principal").keyId });
  if (!success)
    throw new ApiError("rate_limit_error", "rate_limited", "Too many requests for this API key; retry after the Retry-After seconds.", undefined, {
      "Retry-After": String(RETRY_AFTER_SECONDS),
    });
  await next();
});
