import type { Context } from "hono";
import type { Db } from "../../db/client";
import type { AppEnv } from "../../env";

/** What an invoice operation needs: storage, whose data, who acts, and the time. */
export type InvoiceContext = {
  db: Db;
  d1: D1Database;
  accountId: string;
  /** An API key id, or "system:<what>" for alarms, webhooks and the pay page. */
  actor: string;
  requestId: string | null;
  baseUrl: string;
  now: () => Date;
};

export function invoiceContextFrom(c: Context<AppEnv>): InvoiceContext {
  const principal = c.get("principal");
  return {
    db: c.get("db"),
    d1: c.env.DB,
    accountId: principal.accountId,
    actor: principal.keyId,
    requestId: c.get("requestId"),
    baseUrl: publicBaseUrl(c.env, c.req.url),
    now: () => new Date(),
  };
}

/** PUBLIC_BASE_URL without a trailing slash; the request's origin when unset. */
export function publicBaseUrl(env: { PUBLIC_BASE_URL?: string }, requestUrl?: string): string {
  const configured = env.PUBLIC_BASE_URL?.replace(/\/+$/, "");
  if (configured) return configured;
  return requestUrl ? new URL(requestUrl).origin : "";
}
