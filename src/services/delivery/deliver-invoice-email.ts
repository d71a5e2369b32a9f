import { and, eq } from "drizzle-orm";
import { getAccount } from "../../db/account-queries";
import { applyGuardedChange, type ColumnValue } from "../../db/invoice-writes";
import { deliveries } from "../../db/schema";
import { sha256Hex } from "../../auth/api-key-token";
import { deriveStatus } from "../../domain/lifecycle";
import type { Invoice } from "../../domain/types";
import { ApiError } from "../../errors";
import { DomainError } from "../../domain/errors";
import { normaliseAddressList, normaliseEmailAddress } from "../mail/addresses";
import { MAX_RECIPIENTS, buildInvoiceMail, type InvoiceMailDetails } from "../mail/message";
import { deliveryMessageId } from "../mail/message-id";
import { MailTransportError, type Mailer } from "../mail/mailer";
import { invoicePdf } from "../documents";
import type { InvoiceContext } from "../invoices/context";
import { RETRY, loadInvoice, withFreshInvoice } from "../invoices/load";
import { factsOf } from "../invoices/transitions";

export type DeliveryDeps = {
  mailer: Mailer;
  documents: R2Bucket;
  defaultSender: { email: string; name?: string | null };
};

export type DeliveryRequest = {
  kind: "invoice" | "reminder";
  /** What makes a repeat harmless: one key, at most one message that left. */
  dedupeKey: string;
  to?: string[] | null;
  cc?: string[] | null;
  bcc?: string[] | null;
  subject?: string | null;
  message?: string | null;
  attachPdf: boolean;
  /** Columns to set on the invoice with the delivery record (e.g. next_reminder_at). */
  alsoSet?: (invoice: Invoice, now: string) => Record<string, ColumnValue>;
};

export type DeliveryResult = { invoice: Invoice; details: InvoiceMailDetails; deliveryId: string; duplicate: boolean };

// A send still marked "sending" after this long died mid-way; it may be tried again.
const SENDING_LEASE_MS = 60_000;

/**
 * Emails an invoice (or a reminder) and records it on the invoice, at most once per
 * dedupe key. The delivery row is claimed before the transport is called and marked sent in
 * the same D1 batch that updates the invoice. A transport failure marks the delivery failed,
 * leaves the invoice untouched and surfaces as a 502. Every attempt of one delivery carries
 * the same Message-ID, so a resend after a crash at the worst moment is recognisable as one
 * message by the receiving side.
 */
export async function deliverInvoiceEmail(deps: DeliveryDeps, ctx: InvoiceContext, invoiceId: string, req: DeliveryRequest): Promise<DeliveryResult> {
  const [invoice, account] = await Promise.all([loadInvoice(ctx, invoiceId), getAccount(ctx.db, ctx.accountId)]);
  const deliveryId = `dlv_${(await sha256Hex(`${ctx.accountId}\n${req.dedupeKey}`)).slice(0, 32)}`;
  const senderEmail = account.sender_email ?? deps.defaultSender.email;
  const messageId = deliveryMessageId(invoice.id, deliveryId, senderEmail);

  const previous = await ctx.db.query.deliveries.findFirst({
    where: and(eq(deliveries.accountId, ctx.accountId), eq(deliveries.dedupeKey, req.dedupeKey)),
  });
  if (previous?.status === "sent") {
    return {
      invoice,
      deliveryId,
      duplicate: true,
      details: {
        sent_to: previous.recipients.to,
        cc: previous.recipients.cc,
        bcc: previous.recipients.bcc,
        subject: previous.subject,
        message: previous.message,
        attachments: previous.attachments,
      },
    };
  }

  const now = ctx.now();
  const pdf = req.attachPdf ? (await invoicePdf(deps.documents, invoice, account)).bytes : null;
  // Built before anything is recorded: a bad address is a 400 that changes nothing.
  const mail = buildInvoiceMail({
    kind: req.kind,
    invoice,
    account,
    defaultSender: deps.defaultSender,
    to: req.to,
    cc: req.cc,
    bcc: req.bcc,
    subject: req.subject,
    message: req.message,
    pdf,
    messageId,
    now,
    locale: invoice.customer.locale,
  });

  // "accepted": the provider took the message but recording it failed; record, don't resend.
  if (previous?.status !== "accepted") {
    const claimed = await claimDelivery(ctx, deliveryId, invoice.id, req, mail.details, messageId, now.toISOString());
    if (!claimed) throw new ApiError("conflict_error", "delivery_in_progress", "This delivery is already being sent; retry in a minute.");
    const alreadyAccepted = new Set(previous?.acceptedRecipients ?? []);
    const remaining = mail.recipients.filter((r) => !alreadyAccepted.has(r));
    try {
      if (remaining.length > 0) await deps.mailer.send({ ...mail, recipients: remaining });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const accepted = [...alreadyAccepted, ...(err instanceof MailTransportError ? err.accepted : [])];
      await ctx.d1
        .prepare("UPDATE deliveries SET status = 'failed', error = ?, accepted_recipients = ? WHERE id = ? AND account_id = ?")
        .bind(reason.slice(0, 1000), JSON.stringify(accepted), deliveryId, ctx.accountId)
        .run();
      if (err instanceof MailTransportError)
        throw new ApiError(
          "upstream_error",
          "email_transport_failed",
          "The email could not be handed to the mail provider; nothing was recorded as sent. Retry later.",
        );
      throw err;
    }
    await ctx.d1
      .prepare("UPDATE deliveries SET status = 'accepted', accepted_recipients = ? WHERE id = ? AND account_id = ?")
      .bind(JSON.stringify(mail.recipients), deliveryId, ctx.accountId)
      .run();
  }

  const updated = await withFreshInvoice(ctx, invoice.id, async (row) => {
    const sentAt = ctx.now().toISOString();
    const set: Record<string, ColumnValue> =
      req.kind === "invoice" ? { sent_at: sentAt, last_sent_at: sentAt, sent_count: row.sentCount + 1 } : { reminders_sent: row.remindersSent + 1 };
    const facts = { ...factsOf(row), sent_at: req.kind === "invoice" ? sentAt : row.sentAt };
    set.status = deriveStatus(facts);
    Object.assign(set, req.alsoSet?.(invoice, sentAt));
    const applied = await applyGuardedChange(ctx.d1, {
      accountId: ctx.accountId,
      invoiceId: invoice.id,
      expectedVersion: row.version,
      set,
      now: sentAt,
      after: (guard) => [
        ctx.d1
          .prepare(`UPDATE deliveries SET status = 'sent', sent_at = ?, error = NULL WHERE id = ? AND account_id = ? AND ${guard.sql}`)
          .bind(sentAt, deliveryId, ctx.accountId, ...guard.params),
      ],
      events: [
        {
          type: req.kind === "invoice" ? "invoice.sent" : "invoice.reminder_sent",
          actor: ctx.actor,
          requestId: ctx.requestId,
          data: { delivery_id: deliveryId, message_id: messageId, sent_to: mail.details.sent_to, cc: mail.details.cc, subject: mail.details.subject },
        },
      ],
    });
    return applied ? loadInvoice(ctx, invoice.id) : RETRY;
  });
  return { invoice: updated, details: mail.details, deliveryId, duplicate: false };
}

/**
 * Checks the recipients of a send before anything changes (a draft is finalized by a send, and
 * a bad address must not cost it its number): the same rules the message builder applies.
 */
export function assertDeliverable(
  req: { to?: readonly string[] | null; cc?: readonly string[] | null; bcc?: readonly string[] | null },
  customerEmail: string | null,
) {
  const to = normaliseAddressList(req.to, "to");
  if (to.length === 0) {
    if (!customerEmail) throw new DomainError("to", "The customer has no email address; give `to`.");
    normaliseEmailAddress(customerEmail, "customer.email");
  }
  const count = to.length + normaliseAddressList(req.cc, "cc").length + normaliseAddressList(req.bcc, "bcc").length;
  if (count > MAX_RECIPIENTS) throw new DomainError("to", `At most ${MAX_RECIPIENTS} recipients across to, cc and bcc.`);
}

/** Takes the delivery row for this attempt: new, previously failed, or a stale "sending". */
async function claimDelivery(
  ctx: InvoiceContext,
  deliveryId: string,
  invoiceId: string,
  req: DeliveryRequest,
  details: InvoiceMailDetails,
  messageId: string,
  now: string,
): Promise<boolean> {
  const staleBefore = new Date(Date.parse(now) - SENDING_LEASE_MS).toISOString();
  const result = await ctx.d1
    .prepare(
      `INSERT INTO deliveries (id, account_id, invoice_id, kind, dedupe_key, message_id, status, recipients, subject, message, attachments, attempts, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?, 1, ?)
       ON CONFLICT (account_id, dedupe_key) DO UPDATE SET status = 'sending', attempts = attempts + 1, created_at = excluded.created_at
       WHERE deliveries.status = 'failed' OR (deliveries.status = 'sending' AND deliveries.created_at < ?)`,
    )
    .bind(
      deliveryId,
      ctx.accountId,
      invoiceId,
      req.kind,
      req.dedupeKey,
      messageId,
      JSON.stringify({ to: details.sent_to, cc: details.cc, bcc: details.bcc }),
      details.subject,
      details.message,
      JSON.stringify(details.attachments),
      now,
      staleBefore,
    )
    .run();
  return result.meta.changes === 1;
}
