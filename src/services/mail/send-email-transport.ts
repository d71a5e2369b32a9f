/*
 * Cloudflare's send_email binding with the raw MIME message. An EmailMessage has exactly
 * one envelope recipient, so the same raw message is sent once per recipient (To, Cc and
 * Bcc alike); the headers decide what each reader sees. Cloudflare (and wrangler dev)
 * replace the Message-ID with their own, which is why the message also carries the
 * delivery reference in an X- header.
 */
import { EmailMessage } from "cloudflare:email";
import { MailTransportError, type Mailer } from "./mail-transport";

export function sendEmailMailer(binding: SendEmail): Mailer {
  return {
    async send(mail) {
      const accepted: string[] = [];
      const providerMessageIds: string[] = [];
      for (const recipient of mail.recipients) {
        try {
          const result = await binding.send(new EmailMessage(mail.from, recipient, mail.raw));
          if (result?.messageId) providerMessageIds.push(result.messageId);
          accepted.push(recipient);
        } catch (cause) {
          const reason = cause instanceof Error ? cause.message : String(cause);
          throw new MailTransportError("send_email", `send_email refused the message for ${recipient}: ${reason}`, { accepted, cause });
        }
      }
      return { transport: "send_email", providerMessageIds };
    },
  };
}
