import type { Invoice } from "../../domain/types";
import { syncAfterCommit } from "../reminders/schedule";
import type { Services } from "../services";

/** What an invoice operation needs: the services, whose data, who acts. */
export type InvoiceContext = Services & {
  accountId: string;
  /** An API key id, or "system:<what>" for alarms, webhooks and the pay page. */
  actor: string;
  requestId: string | null;
  /** The request's Idempotency-Key, when it has one. */
  idempotencyKey?: string;
};

/** The services acting for an account: an API key, or a system actor (pay page, webhooks, alarms). */
export function actingAs(
  services: Services,
  accountId: string,
  actor: string,
  request: { requestId?: string | null; idempotencyKey?: string } = {},
): InvoiceContext {
  // Whatever acts for the account may write events: the entry point's flush dispatches them.
  services.outbox.touched(accountId);
  return { ...services, accountId, actor, requestId: request.requestId ?? null, idempotencyKey: request.idempotencyKey };
}

/**
 * Syncs the invoice's schedule after a committed change and answers with the
 * next_reminder_date the sync wrote, so every caller returns what D1 now holds.
 */
export async function withSchedule(ctx: InvoiceContext, invoice: Invoice): Promise<Invoice> {
  const next = await syncSchedule(ctx, invoice.id);
  return next === undefined ? invoice : { ...invoice, next_reminder_date: next };
}

/** Re-arms the invoice's alarm after a committed change; undefined when not synced (see syncAfterCommit). */
export const syncSchedule = (ctx: InvoiceContext, invoiceId: string) =>
  ctx.scheduler ? syncAfterCommit(ctx.scheduler, ctx.accountId, invoiceId) : Promise.resolve(undefined);
