import { sha256Hex } from "../../auth/api-key-token";
import type { CreditNote } from "../../db/credit-note-queries";
import { markDeliverySent } from "../../db/delivery-queries";
import { NotFoundError, StateConflictError } from "../../domain/errors";
import { loadCreditNoteDocument } from "../credit-notes/credit-note-document";
import type { InvoiceContext } from "../invoices/context";
import type { MailDetails } from "../mail/compose-mail";
import { buildCreditNoteMail } from "../mail/credit-note-mail";
import { deliveryMessageId } from "../mail/message-id";
import { assertDeliverable } from "./deliver-invoice-email";
import { recordedDetails, transmit } from "./transmit";

export type CreditNoteSendOptions = { to?: string[]; cc?: string[]; bcc?: string[]; subject?: string; message?: string };

export type CreditNoteDeliveryResult = { note: CreditNote; details: MailDetails; deliveryId: string; duplicate: boolean };

const sendKey = (noteId: string, attemptKey: string) => `credit_note_send:${noteId}:${attemptKey}`;

/**
 * Emails a credit note with its PDF (credit_note_{number}.pdf), to the customer unless `to`
 * says otherwise, at most once per `attemptKey` (the Idempotency-Key, else the request id).
 * The delivery is a row of the invoices' deliveries table (kind "credit_note", under the
 * invoice the note corrects; the dedupe key names the note), and it is all that is recorded:
 * the invoice's sent_at and sent_count, and its invoice.sent event, are the invoice's own
 * emails only. A void note is refused (409), unless this key's send already went out, which
 * answers as it did.
 */
export async function sendCreditNote(
  ctx: InvoiceContext,
  noteId: string,
  options: CreditNoteSendOptions,
  attemptKey: string,
): Promise<CreditNoteDeliveryResult> {
  const dedupeKey = sendKey(noteId, attemptKey);
  const found = await loadCreditNoteDocument(ctx.db, ctx.baseUrl, ctx.accountId, noteId, dedupeKey);
  if (!found) throw new NotFoundError("credit_note", noteId);
  const { note, invoice, state } = found;
  const { account, delivery: previous } = state;
  const deliveryId = `dlv_${(await sha256Hex(`${ctx.accountId}\n${dedupeKey}`)).slice(0, 32)}`;
  if (previous?.status === "sent") return { note, details: recordedDetails(previous), deliveryId, duplicate: true };
  if (note.status === "void") throw new StateConflictError("credit_note_void", "This credit note is void; a void credit note cannot be sent.");
  // Before the PDF is rendered: a bad address is a 400 that costs nothing.
  assertDeliverable(options, invoice.customer.email);

  const now = ctx.now();
  const pdf = await ctx.documents.creditNotePdf(found);
  const messageId = deliveryMessageId(note.id, deliveryId, account.sender_email ?? ctx.defaultSender.email);
  const mail = buildCreditNoteMail({
    note,
    customer: invoice.customer,
    account,
    defaultSender: ctx.defaultSender,
    to: options.to,
    cc: options.cc,
    bcc: options.bcc,
    subject: options.subject,
    message: options.message,
    pdf: pdf.bytes,
    messageId,
    now,
    locale: invoice.customer.locale,
  });
  await transmit(ctx, {
    claim: {
      id: deliveryId,
      accountId: ctx.accountId,
      invoiceId: note.invoice_id,
      kind: "credit_note",
      dedupeKey,
      messageId,
    },
    mail,
    previous,
    now,
  });
  await markDeliverySent(ctx.db, ctx.accountId, deliveryId, ctx.now().toISOString());
  return { note, details: mail.details, deliveryId, duplicate: false };
}
