/* Picks the transport for this deployment from the Worker's environment. */
import type { Mailer } from "./mail-transport";
import { mailChannelsMailer } from "./mailchannels-transport";
import { sendEmailMailer } from "./send-email-transport";

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
