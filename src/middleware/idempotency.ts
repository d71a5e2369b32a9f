import { createMiddleware } from "hono/factory";
import { sha256Hex } from "../auth/api-key-token";
import type { AppEnv } from "../env";
import { ApiError, invalidRequest } from "../errors";

const TTL_MS = 24 * 60 * 60 * 1000;
// A request that died mid-way (worker evicted) must not hold its key forever. The var exists
// so the end-to-end crash test need not wait out a minute per restart.
const lockMs = (env: { IDEMPOTENCY_LOCK_SECONDS?: string }) => {
  const seconds = Number(env.IDEMPOTENCY_LOCK_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
};

type StoredKey = {
  request_hash: string;
  state: "in_progress" | "done";
  response_status: number | null;
  response_body: string | null;
  locked_until: string;
};

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

  const { accountId, keyId } = c.get("principal");
  const body = await c.req.text();
  // The key id is part of the request: a stored response is replayed only to the API key that
  // made it, so a key cannot read, through a replay, what its scopes would refuse it.
  const hash = await sha256Hex(`${keyId}\n${c.req.method} ${new URL(c.req.url).pathname}\n${body}`);
  const now = new Date();
  const nowIso = now.toISOString();
  const lockedUntil = new Date(now.getTime() + lockMs(c.env as { IDEMPOTENCY_LOCK_SECONDS?: string })).toISOString();

  const [, claim] = await c.env.DB.batch([
    c.env.DB.prepare("DELETE FROM idempotency_keys WHERE account_id = ? AND key = ? AND expires_at < ?").bind(accountId, key, nowIso),
    c.env.DB.prepare(
      `INSERT INTO idempotency_keys (account_id, key, request_hash, state, locked_until, created_at, expires_at)
       VALUES (?, ?, ?, 'in_progress', ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING`,
    ).bind(accountId, key, hash, lockedUntil, nowIso, new Date(now.getTime() + TTL_MS).toISOString()),
  ]);

  if (!claim!.meta.changes) {
    const stored = await c.env.DB.prepare(
      "SELECT request_hash, state, response_status, response_body, locked_until FROM idempotency_keys WHERE account_id = ? AND key = ?",
    )
      .bind(accountId, key)
      .first<StoredKey>();
    if (stored && stored.request_hash !== hash)
      throw new ApiError(
        "invalid_request_error",
        "idempotency_key_reused",
        "This Idempotency-Key was used with a different request. Use a new key for a new request.",
        "Idempotency-Key",
      );
    if (stored?.state === "done")
      return new Response(stored.response_body, {
        status: stored.response_status ?? 200,
        headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" },
      });
    const takenOver =
      stored &&
      stored.locked_until < nowIso &&
      (
        await c.env.DB.prepare("UPDATE idempotency_keys SET locked_until = ? WHERE account_id = ? AND key = ? AND locked_until = ?")
          .bind(lockedUntil, accountId, key, stored.locked_until)
          .run()
      ).meta.changes === 1;
    if (!takenOver)
      throw new ApiError("idempotency_error", "idempotency_key_in_use", "A request with this Idempotency-Key is still in progress.", undefined, {
        "Retry-After": "1",
      });
  }

  try {
    await next();
  } catch (err) {
    await release(c.env.DB, accountId, key);
    throw err;
  }
  // 5xx and 409 (a conflict of the moment: a concurrent update, a delivery in flight) are not
  // the request's answer; the key is released so a retry can run.
  if (c.res.status >= 500 || c.res.status === 409) {
    await release(c.env.DB, accountId, key);
    return;
  }
  const responseBody = c.get("responseHoldsSecret") ? secretNotReplayed(c.get("requestId")) : await c.res.clone().text();
  await c.env.DB.prepare("UPDATE idempotency_keys SET state = 'done', response_status = ?, response_body = ? WHERE account_id = ? AND key = ?")
    .bind(c.get("responseHoldsSecret") ? 409 : c.res.status, responseBody, accountId, key)
    .run();
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

function release(db: D1Database, accountId: string, key: string) {
  return db.prepare("DELETE FROM idempotency_keys WHERE account_id = ? AND key = ?").bind(accountId, key).run();
}
