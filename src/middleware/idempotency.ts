import { createMiddleware } from "hono/factory";
import { sha256Hex } from "../auth/api-key-token";
import { claimIdempotencyKey, findIdempotencyKey, releaseIdempotencyKey, storeIdempotentResponse, takeOverIdempotencyKey } from "../db/idempotency-queries";
import { IDEMPOTENCY_KEY_TTL_MS } from "../domain/idempotency";
import type { AppEnv } from "../env";
import { seconds } from "../services/services";
import { ApiError, invalidRequest } from "../errors";

// A request that died mid-way (worker evicted) must not hold its key forever: its claim is
// locked this long (IDEMPOTENCY_LOCK_SECONDS, default 60; the e2e crash test shortens it).
const lockMs = (env: { IDEMPOTENCY_LOCK_SECONDS?: string }) => seconds(env.IDEMPOTENCY_LOCK_SECONDS, 60) * 1000;

/**
 * `Idempotency-Key` on POST: the first response is stored and replayed for 24 h, the same
 * key with another method, path or body is refused, and a duplicate that arrives while the
 * first is still running gets 409. The claim is one INSERT, so of concurrent duplicates
 * exactly one runs. Server errors release the key so the client can retry.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header("Idempotency-Key");
  if (c.req.method !== "POST" || key === undefined) return next();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw invalidRequest("Idempotency-Key", "Idempotency-Key must be 1-255 printable ASCII characters.");

  const { db } = c.var;
  const { accountId, keyId } = c.get("principal");
  const body = await c.req.text();
  // The key id is part of the request: a stored response is replayed only to the API key that
  // made it, so a key cannot read, through a replay, what its scopes would refuse it.
  const requestHash = await sha256Hex(`${keyId}\n${c.req.method} ${new URL(c.req.url).pathname}\n${body}`);
  const now = new Date();
  const nowIso = now.toISOString();
  const lockedUntil = new Date(now.getTime() + lockMs(c.env as { IDEMPOTENCY_LOCK_SECONDS?: string })).toISOString();
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS).toISOString();

  if (!(await claimIdempotencyKey(db, { accountId, key, requestHash, now: nowIso, lockedUntil, expiresAt }))) {
    const stored = await findIdempotencyKey(db, accountId, key);
    if (stored && stored.requestHash !== requestHash)
      throw new ApiError(
        "invalid_request_error",
        "idempotency_key_reused",
        "This Idempotency-Key was used with a different request. Use a new key for a new request.",
        "Idempotency-Key",
      );
    if (stored?.state === "done")
      return new Response(stored.responseBody, {
        status: stored.responseStatus ?? 200,
        headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" },
      });
    const takenOver = stored && stored.lockedUntil < nowIso && (await takeOverIdempotencyKey(db, accountId, key, stored.lockedUntil, lockedUntil));
    if (!takenOver)
      throw new ApiError("idempotency_error", "idempotency_key_in_use", "A request with this Idempotency-Key is still in progress.", undefined, {
        "Retry-After": "1",
      });
  }

  try {
    await next();
  } catch (err) {
    await releaseIdempotencyKey(db, accountId, key);
    throw err;
  }
  // 5xx and 409 (a conflict of the moment: a concurrent update, a delivery in flight) are not
  // the request's answer; the key is released so a retry can run.
  if (c.res.status >= 500 || c.res.status === 409) {
    await releaseIdempotencyKey(db, accountId, key);
    return;
  }
  const holdsSecret = c.get("responseHoldsSecret");
  await storeIdempotentResponse(
    db,
    accountId,
    key,
    holdsSecret ? 409 : c.res.status,
    holdsSecret ? secretNotReplayed(c.get("requestId")) : await c.res.clone().text(),
  );
});

// A response that carried a secret (a new API key, a webhook secret) is not stored: secrets
// live nowhere but in that one response.
const secretNotReplayed = (requestId: string) =>
  JSON.stringify({
    error: {
      type: "idempotency_error",
      code: "secret_not_replayed",
      message: "The first response to this request carried a secret, which is shown once and not stored; it cannot be replayed.",
      request_id: requestId,
    },
  });
