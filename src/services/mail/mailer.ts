/*
 * The one door mail leaves by. Routes and alarms get a `Mailer` (created per request from
 * the environment) and never know which transport is behind it; tests pass their own.
 */
import { mailChannelsMailer } from "./mailchannels-transport";
import type { OutgoingMail } from "./outgoing-mail";
import { sendEmailMailer } from "./send-email-transport";

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

/** The bindings and settings `createMailer` reads; a subset of the Worker's env. */
export type MailerEnv = {
  MAIL_TRANSPORT?: string;
  EMAIL?: SendEmail;
  MAILCHANNELS_API_KEY?: string;
};

/**
 * Picks the transport named by MAIL_TRANSPORT (default `send_email`). A missing binding or
 * key is a deployment mistake, so it throws a plain Error (a 500), not MailTransportError.
 */
export function createMailer(env: MailerEnv, options: { fetch?: typeof fetch } = {}): Mailer {
  const transport = env.MAIL_TRANSPORT?.trim() || "send_email";
  if (transport === "send_email") {
    if (!env.EMAIL) throw new Error("MAIL_TRANSPORT is send_email but the EMAIL send_email binding is missing");
    return sendEmailMailer(env.EMAIL);
  }
  if (transport === "mailchannels") {
    if (!env.MAILCHANNELS_API_KEY) throw new Error("MAIL_TRANSPORT is mailchannels but the MAILCHANNELS_API_KEY secret is not set");
    return mailChannelsMailer({ apiKey: env.MAILCHANNELS_API_KEY, fetch: options.fetch });
  }
  throw new Error(`Unknown MAIL_TRANSPORT "${transport}" (expected send_email or mailchannels)`);
}
