import { sha256Hex } from "../../auth/api-key-token";
import { deliverySent } from "../../db/delivery-queries";
import { type InvoiceState, invoiceOf } from "../../db/invoice-state-queries";
import { applyGuardedChange, type InvoiceSet } from "../../db/invoice-writes";
import { DomainError } from "../../domain/errors";
import { deriveStatus } from "../../domain/lifecycle";
import type { Invoice } from "../../domain/types";
import { normaliseAddressList, normaliseEmailAddress } from "../mail/addresses";
import { buildInvoiceMail, type InvoiceMailDetails, MAX_RECIPIENTS } from "../mail/message";
import { deliveryMessageId } from "../mail/message-id";
import type { InvoiceContext } from "../invoices/context";
import { RETRY, withFreshRow } from "../invoices/load";
import { factsOf } from "../invoices/transitions";
import { recordedDetails, transmit } from "./transmit";

export type DeliveryRequest = {
  kind: "invoice" | "reminder";
  /** What makes a repeat harmless: one key, at most one message that left. The state was loaded with it. */
  dedupeKey: string;
  to?: string[] | null;
  cc?: string[] | null;
  bcc?: string[] | null;
  subject?: string | null;
  message?: string | null;
  attachPdf: boolean;
  /** Columns to set on the invoice with the delivery record (e.g. next_reminder_at), from the state it is written on. */
  alsoSet?: (sentAt: string, state: InvoiceState) => InvoiceSet;
};

export type DeliveryResult = { invoice: Invoice; state: InvoiceState; details: InvoiceMailDetails; deliveryId: string; duplicate: boolean };

/**
 * Emails an invoice (or a reminder) and records it on the invoice, at most once per dedupe
 * key, from a state loaded with that key (so the previous attempt is known without a read).
 * The delivery row is claimed before the transport is called (transmit.ts) and marked sent in
 * the same D1 batch that updates the invoice. A transport failure marks the delivery failed,
 * leaves the invoice untouched and surfaces as an UpstreamError. Every attempt of one delivery
 * carries the same Message-ID, so a resend after a crash at the worst moment is recognisable as
 * one message by the receiving side. No schedule sync here: the caller syncs once, at its end.
 */
export async function deliverInvoiceEmail(ctx: InvoiceContext, state: InvoiceState, req: DeliveryRequest): Promise<DeliveryResult> {
  const invoice = invoiceOf(state, state.row, ctx.baseUrl);
  const { account, delivery: previous } = state;
  const deliveryId = `dlv_${(await sha256Hex(`${ctx.accountId}\n${req.dedupeKey}`)).slice(0, 32)}`;
  const messageId = deliveryMessageId(invoice.id, deliveryId, account.sender_email ?? ctx.defaultSender.email);

  if (previous?.status === "sent") return { invoice, state, deliveryId, duplicate: true, details: recordedDetails(previous) };

  const now = ctx.now();
  const pdf = req.attachPdf ? (await ctx.documents.invoicePdf(invoice, account, state.row.issuedParties)).bytes : null;
  // Built before anything is recorded: a bad address is a 400 that changes nothing.
  const mail = buildInvoiceMail({
    kind: req.kind,
    invoice,
    account,
    defaultSender: ctx.defaultSender,
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

  await transmit(ctx, {
    claim: {
      id: deliveryId,
      accountId: ctx.accountId,
      invoiceId: invoice.id,
      kind: req.kind,
      dedupeKey: req.dedupeKey,
      messageId,
    },
    mail,
    previous,
    now,
    // The provider refused it: integrators hear of it (invoice.delivery_failed), with what was tried.
    refused: (reason) => ({
      invoiceId: invoice.id,
      now: ctx.now().toISOString(),
      event: {
        type: "invoice.delivery_failed",
        object: invoice,
        detail: {
          delivery: { id: deliveryId, kind: req.kind, sent_to: mail.details.sent_to, cc: mail.details.cc, subject: mail.details.subject, error: reason },
        },
        actor: ctx.actor,
        requestId: ctx.requestId,
      },
    }),
  });

  const recorded = await withFreshRow(ctx, state, async (current) => {
    // Another attempt of this delivery (a retry that took over an expired key) recorded it first.
    if (current.delivery?.status === "sent") return current;
    const { row } = current;
    const sentAt = ctx.now().toISOString();
    const set: InvoiceSet = req.kind === "invoice" ? { sentAt, lastSentAt: sentAt, sentCount: row.sentCount + 1 } : { remindersSent: row.remindersSent + 1 };
    set.status = deriveStatus({ ...factsOf(row), sent_at: req.kind === "invoice" ? sentAt : row.sentAt });
    Object.assign(set, req.alsoSet?.(sentAt, current));
    const written = await applyGuardedChange(ctx.db, {
      row,
      set,
      now: sentAt,
      after: (guard) => [deliverySent(ctx.db, ctx.accountId, deliveryId, sentAt, guard)],
      events: [
        {
          type: req.kind === "invoice" ? "invoice.sent" : "invoice.reminder_sent",
          actor: ctx.actor,
          requestId: ctx.requestId,
          idempotencyKey: ctx.idempotencyKey,
          detail: { delivery: { id: deliveryId, message_id: messageId, sent_to: mail.details.sent_to, cc: mail.details.cc, subject: mail.details.subject } },
        },
      ],
      snapshot: (w) => invoiceOf(current, w, ctx.baseUrl),
    });
    return written ? { ...current, row: written } : RETRY;
  });
  return { invoice: invoiceOf(recorded, recorded.row, ctx.baseUrl), state: recorded, details: mail.details, deliveryId, duplicate: false };
}

/**
 * Checks the recipients of a send before anything changes (a draft is finalized by a send, and
 * a bad address must not cost it its number): the same rules the message builder applies.
 */
export function assertDeliverable(
  req: { to?: readonly string[] | null; cc?: readonly string[] | null; bcc?: readonly string[] | null },
  customerEmail: string | null,
  /** The field that asked for the customer to be emailed: `to` (left out) or `send_email`. */
  asking: "to" | "send_email" = "to",
) {
  const to = normaliseAddressList(req.to, "to");
  if (to.length === 0) {
    if (!customerEmail)
      throw new DomainError(
        asking,
        asking === "to"
          ? "The customer has no email address; give `to`."
          : "The customer has no email address; add one, or create the invoice and send it with `to`.",
      );
    normaliseEmailAddress(customerEmail, "customer.email");
  }
  const count = to.length + normaliseAddressList(req.cc, "cc").length + normaliseAddressList(req.bcc, "bcc").length;
  if (count > MAX_RECIPIENTS) throw new DomainError("to", `At most ${MAX_RECIPIENTS} recipients across to, cc and bcc.`);
}
