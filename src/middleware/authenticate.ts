import { createMiddleware } from "hono/factory";
import { digestsEqual, type ParsedKey, parseAuthorizationHeader, sha256Hex } from "../auth/api-key-token";
import { hasScope, type Scope } from "../auth/scopes";
import type { Db } from "../db/client";
import { findApiKey, touchApiKey } from "../db/api-key-queries";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { countRequest, rateLimitKey } from "./rate-limit";

const unauthenticated = (message: string) =>
  new ApiError("authentication_error", "invalid_api_key", message, undefined, { "WWW-Authenticate": 'Bearer realm="api", Basic realm="api"' });

// last_used_at is written at most once a minute per key so reads stay reads.
const LAST_USED_GRANULARITY_MS = 60_000;

/** The stored key the credentials name, if it exists, is live and its secret matches. */
async function verifiedKey(db: Db, parsed: ParsedKey) {
  const [key, hash] = await Promise.all([findApiKey(db, parsed.keyId), sha256Hex(parsed.secret)]);
  return key && !key.revokedAt && digestsEqual(hash, key.secretHash) ? key : null;
}

/**
 * Resolves `Authorization: Bearer sk_…` or Basic credentials (`key_id:secret`, or the whole
 * `sk_…` key as user with an empty password, as `curl -u sk_…:` sends) to a principal, and
 * counts the request against its rate limit. The limiter and the key lookup run side by
 * side: the limiter's round trip is most of a GET's overhead, and failed attempts count too.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const parsed = parseAuthorizationHeader(header);
  const [limited, key] = await Promise.all([countRequest(c, rateLimitKey(c, parsed?.keyId ?? null)), parsed ? verifiedKey(c.get("db"), parsed) : null]);
  if (limited) throw limited;
  if (!header) throw unauthenticated("No API key provided. Send 'Authorization: Bearer <key>'.");
  if (!parsed) throw unauthenticated("The API key is malformed. Send 'Authorization: Bearer <key>' or HTTP Basic credentials.");
  if (!key) throw unauthenticated("Invalid API key.");

  c.set("principal", { accountId: key.accountId, keyId: key.id, scopes: key.scopes as Scope[] });
  const now = Date.now();
  if (!key.lastUsedAt || Date.parse(key.lastUsedAt) < now - LAST_USED_GRANULARITY_MS) {
    c.executionCtx.waitUntil(touchApiKey(c.get("db"), key.id, new Date(now).toISOString()));
  }
  await next();
});

/** Route middleware: 403 unless the key carries `scope` (or `*`). */
export const requireScope = (scope: Scope) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!hasScope(c.get("principal").scopes, scope)) throw new ApiError("permission_error", "missing_scope", `This API key lacks the '${scope}' scope.`);
    await next();
  });
