import type { Context } from "hono";
import { getAccount } from "../../db/account-queries";
import { assertCanApply } from "../../domain/lifecycle";
import { firstReminderAfterSend } from "../../domain/reminders";
import type { InvoiceStatus } from "../../domain/types";
import type { AppEnv } from "../../env";
import { createMailer } from "../mail/mailer";
import type { InvoiceContext } from "../invoices/context";
import { loadInvoiceRow } from "../invoices/load";
import { finalizeInvoice } from "../invoices/transitions";
import { deliverInvoiceEmail, type DeliveryDeps, type DeliveryResult } from "./deliver-invoice-email";

export type SendOptions = {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  message?: string;
  attach_pdf?: boolean;
};

type DeliveryEnv = { DOCUMENTS: R2Bucket; MAIL_FROM?: string; MAIL_FROM_NAME?: string } & Parameters<typeof createMailer>[0];

export function deliveryDepsFrom(env: DeliveryEnv): DeliveryDeps {
  return {
    mailer: createMailer(env),
    documents: env.DOCUMENTS,
    defaultSender: { email: env.MAIL_FROM || "invoices@example.com", name: env.MAIL_FROM_NAME || null },
  };
}

export const deliveryDepsFromContext = (c: Context<AppEnv>) => deliveryDepsFrom(c.env);

/**
 * Sends an invoice: a draft is finalized first (so it gets its number), an open invoice is
 * sent again, and paid, voided and uncollectible ones are refused (409). `attemptKey`
 * identifies this request (its Idempotency-Key, else its request id): a retry with the same
 * key never emails twice.
 */
export async function sendInvoice(deps: DeliveryDeps, ctx: InvoiceContext, invoiceId: string, options: SendOptions, attemptKey: string): Promise<DeliveryResult> {
  const row = await loadInvoiceRow(ctx, invoiceId);
  assertCanApply("send", row.status as InvoiceStatus);
  if (row.status === "draft") {
    const account = await getAccount(ctx.db, ctx.accountId);
    await finalizeInvoice(ctx, invoiceId, account.invoice_prefix);
  }
  return deliverInvoiceEmail(deps, ctx, invoiceId, {
    kind: "invoice",
    dedupeKey: `send:${invoiceId}:${attemptKey}`,
    to: options.to,
    cc: options.cc,
    bcc: options.bcc,
    subject: options.subject,
    message: options.message,
    attachPdf: options.attach_pdf ?? true,
    alsoSet: (invoice, sentAt): Record<string, string> => (invoice.reminders_enabled ? { next_reminder_at: firstReminderAfterSend(sentAt) } : {}),
  });
}
