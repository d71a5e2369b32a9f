/*
 * What every transport promises and how it fails. Its own module so the transports and the
 * factory that picks one both depend on it, and not on each other.
 */
import type { OutgoingMail } from "./outgoing-mail";

export type MailTransportName = "send_email" | "mailchannels";

/** What the provider said it accepted; ids are the provider's, not our Message-ID. */
export type MailReceipt = { transport: MailTransportName; providerMessageIds: string[] };

export interface Mailer {
  /** Resolves once the provider accepted the message for every recipient; else throws MailTransportError. */
  send(mail: OutgoingMail): Promise<MailReceipt>;
}

/** The provider refused the message or could not be reached (the API answers 502). */
export class MailTransportError extends Error {
  readonly transport: MailTransportName;
  /** HTTP status from the provider, when there was one. */
  readonly status: number | null;
  /**
   * Recipients the provider had already accepted before the failure (send_email sends once
   * per recipient), so a caller can record a partial delivery.
   */
  readonly accepted: string[];

  constructor(transport: MailTransportName, message: string, details: { status?: number; accepted?: string[]; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = "MailTransportError";
    this.transport = transport;
    this.status = details.status ?? null;
    this.accepted = details.accepted ?? [];
  }
}
