import { createMiddleware } from "hono/factory";
import { digestsEqual, parseBasicCredentials, parseBearerToken, sha256Hex } from "../auth/api-key-token";
import { hasScope } from "../auth/scopes";
import { findApiKey, touchApiKey } from "../db/api-key-queries";
import type { AppEnv, Scope } from "../env";
import { ApiError } from "../errors";

const unauthenticated = (message: string) =>
  new ApiError("authentication_error", "invalid_api_key", message, undefined, { "WWW-Authenticate": 'Bearer realm="api", Basic realm="api"' });

// last_used_at is written at most once a minute per key so reads stay reads.
const LAST_USED_GRANULARITY_MS = 60_000;

/** Resolves `Authorization: Bearer sk_…` or `Basic base64(key_id:secret)` to a principal. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const [scheme, value = ""] = header.split(/\s+/, 2);
  const parsed = scheme?.toLowerCase() === "bearer" ? parseBearerToken(value) : scheme?.toLowerCase() === "basic" ? parseBasicCredentials(value) : null;
  if (!header) throw unauthenticated("No API key provided. Send 'Authorization: Bearer <key>'.");
  if (!parsed) throw unauthenticated("The API key is malformed.");

  const db = c.get("db");
  const key = await findApiKey(db, parsed.keyId);
  const hash = await sha256Hex(parsed.secret);
  if (!key || key.revokedAt || !digestsEqual(hash, key.secretHash)) throw unauthenticated("Invalid API key.");

  c.set("principal", { accountId: key.accountId, keyId: key.id, scopes: key.scopes as Scope[] });
  const now = Date.now();
  if (!key.lastUsedAt || Date.parse(key.lastUsedAt) < now - LAST_USED_GRANULARITY_MS) {
    c.executionCtx.waitUntil(touchApiKey(db, key.id, new Date(now).toISOString()));
  }
  await next();
});

/** Route middleware: 403 unless the key carries `scope` (or `*`). */
export const requireScope = (scope: Scope) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!hasScope(c.get("principal").scopes, scope)) throw new ApiError("permission_error", "missing_scope", `This API key lacks the '${scope}' scope.`);
    await next();
  });
