import type { Context } from "hono";
import type { Db } from "../../db/client";
import type { Invoice } from "../../domain/types";
import type { AppEnv } from "../../env";
import { schedulerFrom, syncAfterCommit, type Scheduler } from "../reminders/schedule";

/** What an invoice operation needs: storage, whose data, who acts, and the time. */
export type InvoiceContext = {
  db: Db;
  d1: D1Database;
  accountId: string;
  /** An API key id, or "system:<what>" for alarms, webhooks and the pay page. */
  actor: string;
  requestId: string | null;
  /** The request's Idempotency-Key, recorded on its events so a retry recognises its own change. */
  idempotencyKey?: string;
  baseUrl: string;
  now: () => Date;
  /**
   * Re-arms the invoice's reminder/overdue alarm after a committed change. Absent inside the
   * scheduler's own Durable Object, which arms itself after acting.
   */
  scheduler?: Scheduler;
};

/** The context of an API request: the key's account, the key as actor. */
export function invoiceContextFrom(c: Context<AppEnv>): InvoiceContext {
  const principal = c.get("principal");
  const idempotencyKey = c.req.header("Idempotency-Key");
  return { ...invoiceContextFor(c, principal.accountId, principal.keyId), ...(idempotencyKey ? { idempotencyKey } : {}) };
}

/** A context for requests that act for an account without its API key (pay page, webhooks). */
export function invoiceContextFor(c: Context<AppEnv>, accountId: string, actor: string): InvoiceContext {
  return {
    db: c.get("db"),
    d1: c.env.DB,
    accountId,
    actor,
    requestId: c.get("requestId"),
    baseUrl: publicBaseUrl(c.env, c.req.url),
    now: () => new Date(),
    scheduler: schedulerFrom(c.env),
  };
}

/**
 * Syncs the invoice's schedule after a committed change and answers with the
 * next_reminder_date the sync wrote, so every caller returns what D1 now holds.
 */
export async function withSchedule(ctx: InvoiceContext, invoice: Invoice): Promise<Invoice> {
  if (!ctx.scheduler) return invoice;
  const next = await syncAfterCommit(ctx.scheduler, ctx.accountId, invoice.id);
  return next === undefined ? invoice : { ...invoice, next_reminder_date: next };
}

/** PUBLIC_BASE_URL without a trailing slash; the request's origin when unset. */
export function publicBaseUrl(env: { PUBLIC_BASE_URL?: string }, requestUrl?: string): string {
  const configured = env.PUBLIC_BASE_URL?.replace(/\/+$/, "");
  if (configured) return configured;
  return requestUrl ? new URL(requestUrl).origin : "";
}
