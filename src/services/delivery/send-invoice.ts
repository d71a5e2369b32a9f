import type { Context } from "hono";
import { getAccount } from "../../db/account-queries";
import { findCustomer } from "../../db/customer-queries";
import { DomainError } from "../../domain/errors";
import { createInvoiceOnce, type InvoiceInput } from "../invoices/drafts";
import { assertCanApply } from "../../domain/lifecycle";
import { reminderAfterSending } from "../../domain/reminders";
import type { InvoiceStatus } from "../../domain/types";
import type { AppEnv } from "../../env";
import { createMailer } from "../mail/mailer";
import type { InvoiceContext } from "../invoices/context";
import { loadInvoice, loadInvoiceRow } from "../invoices/load";
import { finalizeInvoice } from "../invoices/transitions";
import { schedulerFrom, syncAfterCommit, type Scheduler } from "../reminders/schedule";
import { loadScheduleSnapshot } from "../reminders/schedule-facts";
import { assertDeliverable, deliverInvoiceEmail, type DeliveryDeps, type DeliveryResult } from "./deliver-invoice-email";

export type SendOptions = {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  message?: string;
  attach_pdf?: boolean;
};

type DeliveryEnv = { DOCUMENTS: R2Bucket; MAIL_FROM?: string; MAIL_FROM_NAME?: string; INVOICE_SCHEDULER: DurableObjectNamespace } & Parameters<
  typeof createMailer
>[0];

/** Delivery plus the reminder scheduler, which every send re-arms. */
export type SendDeps = DeliveryDeps & { scheduler: Scheduler };

export function deliveryDepsFrom(env: DeliveryEnv): SendDeps {
  return {
    scheduler: schedulerFrom(env),
    mailer: createMailer(env),
    documents: env.DOCUMENTS,
    defaultSender: defaultSenderFrom(env),
  };
}

/** The platform's sender, for accounts without a sender address of their own. */
export function defaultSenderFrom(env: Pick<DeliveryEnv, "DOCUMENTS" | "MAIL_FROM" | "MAIL_FROM_NAME">): DeliveryDeps["defaultSender"] {
  return { email: env.MAIL_FROM || "invoices@example.com", name: env.MAIL_FROM_NAME || null };
}

export const deliveryDepsFromContext = (c: Context<AppEnv>) => deliveryDepsFrom(c.env);

/**
 * Sends an invoice: a draft is finalized first (so it gets its number), an open invoice is
 * sent again, and paid, voided and uncollectible ones are refused (409). `attemptKey`
 * identifies this request (its Idempotency-Key, else its request id): a retry with the same
 * key never emails twice. The send moves the reminder schedule (it counts from the send), so
 * next_reminder_at is written with the send and the invoice's scheduler is synced after it.
 */
export async function sendInvoice(deps: SendDeps, ctx: InvoiceContext, invoiceId: string, options: SendOptions, attemptKey: string): Promise<DeliveryResult> {
  const row = await loadInvoiceRow(ctx, invoiceId);
  assertCanApply("send", row.status as InvoiceStatus);
  const customer = await findCustomer(ctx.db, ctx.accountId, row.customerId);
  assertDeliverable(options, customer?.email ?? null);
  if (row.status === "draft") {
    const account = await getAccount(ctx.db, ctx.accountId);
    await finalizeInvoice(ctx, invoiceId, account.invoice_prefix);
  }
  const snapshot = await loadScheduleSnapshot(ctx.d1, ctx.accountId, invoiceId);
  let result: DeliveryResult;
  try {
    result = await deliverInvoiceEmail(deps, ctx, invoiceId, {
      kind: "invoice",
      dedupeKey: `send:${invoiceId}:${attemptKey}`,
      to: options.to,
      cc: options.cc,
      bcc: options.bcc,
      subject: options.subject,
      message: options.message,
      attachPdf: options.attach_pdf ?? true,
      alsoSet: (_invoice, sentAt) => ({ next_reminder_at: snapshot ? reminderAfterSending(snapshot.facts, sentAt, "invoice") : null }),
    });
  } catch (err) {
    // A draft finalized above and then not sent still needs its overdue alarm.
    if (row.status === "draft") await syncAfterCommit(deps.scheduler, ctx.accountId, invoiceId);
    throw err;
  }
  await syncAfterCommit(deps.scheduler, ctx.accountId, invoiceId);
  return { ...result, invoice: await loadInvoice(ctx, invoiceId) };
}

/**
 * `POST /v1/invoices` with `send_email: true`: creates (once per Idempotency-Key), finalizes
 * and emails. Whether the customer can be emailed is checked first, so a 400 creates nothing.
 */
export async function createAndSendInvoice(
  deps: SendDeps,
  ctx: InvoiceContext,
  input: InvoiceInput,
  attemptKey: string,
  idempotencyKey?: string,
): Promise<DeliveryResult> {
  const customer = await findCustomer(ctx.db, ctx.accountId, input.customer_id);
  if (customer && !customer.email)
    throw new DomainError("send_email", "The customer has no email address; add one, or create the invoice and send it with `to`.");
  // An address stored before the API checked it as the mailer does: refused before the draft exists.
  if (customer?.email) assertDeliverable({}, customer.email);
  const invoice = await createInvoiceOnce(ctx, input, idempotencyKey);
  return sendInvoice(deps, ctx, invoice.id, {}, attemptKey);
}
