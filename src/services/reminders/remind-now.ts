import { isDeliverySent } from "../../db/delivery-lookup";
import { assertCanApply } from "../../domain/lifecycle";
import { reminderAfterSending } from "../../domain/reminders";
import type { InvoiceStatus } from "../../domain/types";
import { deliverInvoiceEmail, type DeliveryResult } from "../delivery/deliver-invoice-email";
import type { SendDeps } from "../delivery/send-invoice";
import type { InvoiceContext } from "../invoices/context";
import { loadInvoice, loadInvoiceRow } from "../invoices/load";
import { loadScheduleSnapshot } from "./schedule-facts";

export type RemindOptions = { to?: string[]; cc?: string[]; message?: string; attach_pdf?: boolean };

/**
 * Sends one reminder now (POST /v1/invoices/:id/remind). It counts like a scheduled one:
 * reminders_sent goes up, it uses up one of the policy's reminders, and the next automatic
 * one keeps its distance. `attemptKey` (Idempotency-Key, else request id) makes a retry
 * harmless. Only open invoices can be reminded (409 otherwise).
 */
export async function remindNow(deps: SendDeps, ctx: InvoiceContext, invoiceId: string, options: RemindOptions, attemptKey: string): Promise<DeliveryResult> {
  const row = await loadInvoiceRow(ctx, invoiceId);
  const dedupeKey = `remind:${invoiceId}:${attemptKey}`;
  // A retry of a reminder that went out (its answer lost) answers as the first did, even if the
  // invoice has since been paid; deliverInvoiceEmail finds the sent delivery.
  if (!(await isDeliverySent(ctx.db, ctx.accountId, dedupeKey))) assertCanApply("remind", row.status as InvoiceStatus);
  const snapshot = await loadScheduleSnapshot(ctx.d1, ctx.accountId, invoiceId);
  const result = await deliverInvoiceEmail(deps, ctx, invoiceId, {
    kind: "reminder",
    dedupeKey,
    to: options.to,
    cc: options.cc,
    message: options.message,
    attachPdf: options.attach_pdf ?? true,
    alsoSet: (_invoice, sentAt) => ({ next_reminder_at: snapshot ? reminderAfterSending(snapshot.facts, sentAt, "reminder") : null }),
  });
  await deps.scheduler.sync(ctx.accountId, invoiceId);
  return { ...result, invoice: await loadInvoice(ctx, invoiceId) };
}
