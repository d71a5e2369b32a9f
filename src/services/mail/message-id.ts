import { DomainError } from "../../domain/errors";

const ID_PART = /^[A-Za-z0-9_-]{1,100}$/;
const MESSAGE_ID = /^<[A-Za-z0-9._-]{1,200}@[A-Za-z0-9.-]{1,253}>$/;

/**
 * The Message-ID for one delivery of one invoice: `<dlv_….inv_…@sender-domain>`. The same
 * inputs always give the same id, so a retried send carries the id of the first attempt.
 */
export function deliveryMessageId(invoiceId: string, deliveryId: string, senderEmail: string): string {
  if (!ID_PART.test(invoiceId) || !ID_PART.test(deliveryId)) {
    throw new RangeError("invoice and delivery ids must be [A-Za-z0-9_-]");
  }
  const domain = senderEmail.slice(senderEmail.lastIndexOf("@") + 1).toLowerCase();
  return assertMessageId(`<${deliveryId}.${invoiceId}@${domain}>`);
}

/** Throws unless `value` is a Message-ID this service can write into a header as is. */
export function assertMessageId(value: string): string {
  if (!MESSAGE_ID.test(value)) throw new DomainError("message_id", "Message-ID must look like <id@domain>.");
  return value;
}
