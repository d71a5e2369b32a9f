import { type InvoiceState, scheduleFactsOf } from "../../db/invoice-state-queries";
import { assertCanApply } from "../../domain/lifecycle";
import { reminderAfterSending } from "../../domain/reminders";
import type { InvoiceStatus } from "../../domain/types";
import { type InvoiceContext, syncSchedule, withSchedule } from "../invoices/context";
import { createInvoiceOnce, type InvoiceInput } from "../invoices/drafts";
import { loadState } from "../invoices/load";
import { finalizeLoaded } from "../invoices/transitions";
import { assertDeliverable, type DeliveryResult, deliverInvoiceEmail } from "./deliver-invoice-email";

export type SendOptions = {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  message?: string;
  attach_pdf?: boolean;
};

const sendKey = (invoiceId: string, attemptKey: string) => `send:${invoiceId}:${attemptKey}`;

/**
 * Sends an invoice: a draft is finalized first (so it gets its number), an open invoice is
 * sent again, and paid, voided and uncollectible ones are refused (409). `attemptKey`
 * identifies this request (its Idempotency-Key, else its request id): a retry with the same
 * key never emails twice.
 */
export async function sendInvoice(ctx: InvoiceContext, invoiceId: string, options: SendOptions, attemptKey: string): Promise<DeliveryResult> {
  return sendLoaded(ctx, await loadState(ctx, invoiceId, sendKey(invoiceId, attemptKey)), options, attemptKey);
}

/**
 * The send itself, on a state read once: validate, finalize a draft (no sync yet), email and
 * record, then sync the schedule once. The send moves the reminder schedule (it counts from
 * the send), so next_reminder_at is written with the send too, and stays right if the sync
 * after it fails.
 */
async function sendLoaded(ctx: InvoiceContext, loaded: InvoiceState, options: SendOptions, attemptKey: string): Promise<DeliveryResult> {
  const wasDraft = loaded.row.status === "draft";
  // A retry of a send that went out (its answer lost) answers as the first did, even if the
  // invoice has since been paid or voided: deliverInvoiceEmail finds the sent delivery.
  if (loaded.delivery?.status !== "sent") assertCanApply("send", loaded.row.status as InvoiceStatus);
  assertDeliverable(options, loaded.customer.email);
  const state = wasDraft ? await finalizeLoaded(ctx, loaded) : loaded;
  let result: DeliveryResult;
  try {
    // A draft edited while it was being finalized is sent as finalized: check its customer again.
    if (wasDraft && state.customer.id !== loaded.customer.id) assertDeliverable(options, state.customer.email);
    result = await deliverInvoiceEmail(ctx, state, {
      kind: "invoice",
      dedupeKey: sendKey(state.row.id, attemptKey),
      to: options.to,
      cc: options.cc,
      bcc: options.bcc,
      subject: options.subject,
      message: options.message,
      attachPdf: options.attach_pdf ?? true,
      alsoSet: (sentAt, current) => ({ nextReminderAt: reminderAfterSending(scheduleFactsOf(current), sentAt, "invoice") }),
    });
  } catch (err) {
    // A draft finalized above and then not sent still needs its overdue alarm.
    if (wasDraft) await syncSchedule(ctx, state.row.id);
    throw err;
  }
  return { ...result, invoice: await withSchedule(ctx, result.invoice) };
}

/**
 * `POST /v1/invoices` with `send_email: true`: creates (once per Idempotency-Key), finalizes
 * and emails. Whether the customer can be emailed is checked before anything is written, so a
 * 400 creates nothing.
 */
export async function createAndSendInvoice(ctx: InvoiceContext, input: InvoiceInput, attemptKey: string, idempotencyKey?: string): Promise<DeliveryResult> {
  const created = await createInvoiceOnce(ctx, input, idempotencyKey, {
    beforeWrite: (customer) => assertDeliverable({}, customer.email, "send_email"),
  });
  const id = created.state.row.id;
  // A new draft has no delivery yet; one found again (a retry) is read with its delivery key.
  const state = created.isNew ? { ...created.state, dedupeKey: sendKey(id, attemptKey) } : await loadState(ctx, id, sendKey(id, attemptKey));
  return sendLoaded(ctx, state, {}, attemptKey);
}
