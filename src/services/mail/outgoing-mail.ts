import type { MailboxAddress } from "./addresses";

export type MailAttachment = { filename: string; contentType: string; content: Uint8Array };

/**
 * The message in structured form, for transports that build their own MIME (MailChannels).
 * Every address and name in it has been through `addresses.ts`.
 */
export type MailContent = {
  from: MailboxAddress;
  replyTo: MailboxAddress | null;
  to: MailboxAddress[];
  cc: MailboxAddress[];
  /** Envelope-only: never written into the message headers. */
  bcc: MailboxAddress[];
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
  /** Extra `X-` headers, e.g. the delivery reference. */
  headers: Record<string, string>;
};

/**
 * A message ready for a `Mailer`: the raw MIME (for send_email), its envelope, and the same
 * message structured (for APIs that take JSON).
 */
export type OutgoingMail = {
  /** `<local@domain>`; stable per (invoice, delivery) so a retry carries the same id. */
  messageId: string;
  /** Envelope sender (MAIL FROM); equals the From header's address. */
  from: string;
  /** Envelope recipients: To, Cc and Bcc, deduplicated. */
  recipients: string[];
  raw: string;
  content: MailContent;
};
