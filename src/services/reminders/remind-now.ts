import { scheduleFactsOf } from "../../db/invoice-state-queries";
import { assertCanApply } from "../../domain/lifecycle";
import { reminderAfterSending } from "../../domain/reminders";
import type { InvoiceStatus } from "../../domain/types";
import { type DeliveryResult, deliverInvoiceEmail } from "../delivery/deliver-invoice-email";
import { type InvoiceContext, withSchedule } from "../invoices/context";
import { loadState } from "../invoices/load";

export type RemindOptions = { to?: string[]; cc?: string[]; message?: string; attach_pdf?: boolean };

/**
 * Sends one reminder now (POST /v1/invoices/:id/remind). It counts like a scheduled one:
 * reminders_sent goes up, it uses up one of the policy's reminders, and the next automatic
 * one keeps its distance. `attemptKey` (Idempotency-Key, else request id) makes a retry
 * harmless. Only open invoices can be reminded (409 otherwise).
 */
export async function remindNow(ctx: InvoiceContext, invoiceId: string, options: RemindOptions, attemptKey: string): Promise<DeliveryResult> {
  const dedupeKey = `remind:${invoiceId}:${attemptKey}`;
  const state = await loadState(ctx, invoiceId, dedupeKey);
  // A retry of a reminder that went out (its answer lost) answers as the first did, even if the
  // invoice has since been paid: deliverInvoiceEmail finds the sent delivery.
  if (state.delivery?.status !== "sent") assertCanApply("remind", state.row.status as InvoiceStatus);
  const result = await deliverInvoiceEmail(ctx, state, {
    kind: "reminder",
    dedupeKey,
    to: options.to,
    cc: options.cc,
    message: options.message,
    attachPdf: options.attach_pdf ?? true,
    alsoSet: (sentAt, current) => ({ nextReminderAt: reminderAfterSending(scheduleFactsOf(current), sentAt, "reminder") }),
  });
  return { ...result, invoice: await withSchedule(ctx, result.invoice) };
}
