/*
 * MailChannels Email API (https://api.mailchannels.net/tx/v1/send, X-Api-Key header). It
 * takes a structured JSON message, not raw MIME, and treats From, Reply-To, Subject and
 * Message-ID as reserved headers, so this transport sends `mail.content`; the stable
 * delivery reference travels in the X- header.
 */
import { MailTransportError, type Mailer } from "./mail-transport";
import type { MailboxAddress } from "./addresses";
import { base64 } from "./mime-encoding";
import type { MailContent } from "./outgoing-mail";

export const MAILCHANNELS_ENDPOINT = "https://api.mailchannels.net/tx/v1/send";
const TIMEOUT_MS = 20_000;

type Party = { email: string; name?: string };

export type MailChannelsOptions = { apiKey: string; fetch?: typeof fetch; endpoint?: string };

export function mailChannelsMailer(options: MailChannelsOptions): Mailer {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const endpoint = options.endpoint ?? MAILCHANNELS_ENDPOINT;
  return {
    async send(mail) {
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": options.apiKey },
          body: JSON.stringify(mailChannelsBody(mail.content)),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new MailTransportError("mailchannels", `MailChannels could not be reached: ${reason}`, { cause });
      }
      if (!response.ok) {
        const detail = (await response.text().catch(() => "")).slice(0, 500);
        throw new MailTransportError("mailchannels", `MailChannels answered ${response.status}${detail ? `: ${detail}` : ""}`, {
          status: response.status,
        });
      }
      // 202 carries no body worth keeping; the ids it may list are MailChannels' own.
      const ids = await response
        .json<{ data?: unknown }>()
        .then((body) => (Array.isArray(body?.data) ? body.data.filter((x): x is string => typeof x === "string") : []))
        .catch(() => []);
      return { transport: "mailchannels", providerMessageIds: ids };
    },
  };
}

/** The JSON body of POST /tx/v1/send for one message to one set of recipients. */
export function mailChannelsBody(content: MailContent) {
  const personalization: { to: Party[]; cc?: Party[]; bcc?: Party[] } = { to: content.to.map(party) };
  if (content.cc.length > 0) personalization.cc = content.cc.map(party);
  if (content.bcc.length > 0) personalization.bcc = content.bcc.map(party);
  return {
    personalizations: [personalization],
    from: party(content.from),
    ...(content.replyTo ? { reply_to: party(content.replyTo) } : {}),
    subject: content.subject,
    content: [
      { type: "text/plain", value: content.text },
      { type: "text/html", value: content.html },
    ],
    ...(content.attachments.length > 0
      ? { attachments: content.attachments.map((a) => ({ filename: a.filename, type: a.contentType, content: base64(a.content) })) }
      : {}),
    headers: content.headers,
  };
}

function party(m: MailboxAddress): Party {
  return m.name ? { email: m.email, name: m.name } : { email: m.email };
}
