import { claimDelivery, type DeliveryClaim, markDeliveryAccepted, markDeliveryFailed } from "../../db/delivery-queries";
import type { NewEvent } from "../../db/event-writes";
import type { DeliveryRow } from "../../db/invoice-state-queries";
import { TransientConflictError, UpstreamError } from "../../domain/errors";
import type { ComposedMail, MailDetails } from "../mail/compose-mail";
import { MailTransportError } from "../mail/mailer";
import type { Services } from "../services";

export type Transmission = {
  /** Which delivery this is; what it sends is recorded from the mail's own details. */
  claim: Omit<DeliveryClaim, "recipients" | "subject" | "message" | "attachments">;
  mail: ComposedMail;
  /** The delivery row found under the claim's dedupe key, if any. */
  previous: DeliveryRow | null;
  /** The request's clock reading: a "sending" claim older than the lease died mid-way. */
  now: Date;
  /** An event to record with the failure when the provider refused the message. */
  refused?: (reason: string) => { invoiceId: string; event: NewEvent; now: string };
};

/**
 * Hands one delivery's message to the transport, at most once per dedupe key. The delivery
 * row is claimed before the transport is called; recipients an earlier attempt got through to
 * are not mailed again. A transport failure marks the delivery failed and surfaces as an
 * UpstreamError; success leaves it "accepted", for the caller to record as sent. A delivery
 * already "accepted" (the provider took it, recording failed) is not sent again.
 */
export async function transmit(ctx: Pick<Services, "db" | "mailer" | "deliveryLeaseMs">, t: Transmission): Promise<void> {
  const { mail, previous } = t;
  const { details } = mail;
  const claim: DeliveryClaim = {
    ...t.claim,
    recipients: { to: details.sent_to, cc: details.cc, bcc: details.bcc },
    subject: details.subject,
    message: details.message,
    attachments: details.attachments,
  };
  if (previous?.status === "accepted") return;
  const staleBefore = new Date(t.now.getTime() - ctx.deliveryLeaseMs).toISOString();
  const held = await claimDelivery(ctx.db, claim, t.now.toISOString(), staleBefore);
  if (!held) throw new TransientConflictError("delivery_in_progress", "This delivery is already being sent; retry in a minute.");
  const alreadyAccepted = new Set(previous?.acceptedRecipients ?? []);
  const remaining = mail.recipients.filter((r) => !alreadyAccepted.has(r));
  try {
    if (remaining.length > 0) await ctx.mailer.send({ ...mail, recipients: remaining });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const accepted = [...alreadyAccepted, ...(err instanceof MailTransportError ? err.accepted : [])];
    // Only while this attempt still holds the claim (markDeliveryFailed): a late failure after a takeover records nothing.
    await markDeliveryFailed(ctx.db, held, reason, accepted, err instanceof MailTransportError ? t.refused?.(reason) : undefined);
    if (err instanceof MailTransportError)
      throw new UpstreamError("email_transport_failed", "The email could not be handed to the mail provider; nothing was recorded as sent. Retry later.");
    throw err;
  }
  await markDeliveryAccepted(ctx.db, held, mail.recipients);
}

/** What a delivery that went out sent, as `email_details`: a repeat answers with it. */
export function recordedDetails(row: DeliveryRow): MailDetails {
  return {
    sent_to: row.recipients.to,
    cc: row.recipients.cc,
    bcc: row.recipients.bcc,
    subject: row.subject,
    message: row.message,
    attachments: row.attachments,
  };
}
