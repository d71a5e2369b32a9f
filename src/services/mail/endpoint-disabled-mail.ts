/*
 * The notice to a merchant that we disabled one of their webhook endpoints: which one, since
 * when it failed, and the two calls that undo the damage. Plain text; the structured copy's
 * HTML part (for transports that want one) is the same text, escaped. Pure apart from the
 * clock the caller passes in.
 */
import { createMimeMessage } from "mimetext/browser";
import { escapeHtml } from "./invoice-mail-body";
import { normaliseDisplayName, normaliseEmailAddress } from "./addresses";
import { assertMessageId } from "./message-id";
import { base64Text, encodeHeaderText, formatMailbox } from "./mime-encoding";
import type { MailboxAddress } from "./addresses";
import type { OutgoingMail } from "./outgoing-mail";

export type EndpointDisabledMailRequest = {
  endpoint: { id: string; url: string };
  /** When the run of failed attempts began. */
  failingSince: string;
  account: { name: string; email: string };
  sender: { email: string; name?: string | null };
  /** Where the API answers, without a trailing slash. */
  apiBaseUrl: string;
  now: Date;
};

export function buildEndpointDisabledMail(req: EndpointDisabledMailRequest): OutgoingMail {
  const from: MailboxAddress = { email: normaliseEmailAddress(req.sender.email, "default_sender"), name: normaliseDisplayName(req.sender.name) };
  const to: MailboxAddress = { email: normaliseEmailAddress(req.account.email, "account.email"), name: normaliseDisplayName(req.account.name) };
  const domain = from.email.slice(from.email.lastIndexOf("@") + 1).toLowerCase();
  // One notice per disabling: the endpoint and the run of failures that ended in it.
  const messageId = assertMessageId(`<endpoint-disabled.${req.endpoint.id}.${Date.parse(req.failingSince)}@${domain}>`);
  const subject = `Webhook endpoint ${req.endpoint.id} was disabled`;
  const text = renderText(req);
  const html = `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body><pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(text)}</pre></body></html>`;

  const msg = createMimeMessage();
  msg.setSender({ addr: from.email, name: from.name ?? "" });
  msg.setTo({ addr: to.email, name: to.name ?? "" });
  msg.setSubject(subject);
  msg.setHeader("Date", req.now.toUTCString().replace(/GMT$/, "+0000"));
  msg.setHeader("Message-ID", messageId);
  // Folding encoders, as for the invoice mail (message.ts): a long merchant name stays within the line limit.
  for (const field of msg.headers.fields) {
    if (field.name === "Subject") field.dump = (v) => (typeof v === "string" ? encodeHeaderText(v) : "");
    if (field.name === "From") field.dump = () => formatMailbox(from.email, from.name);
    if (field.name === "To") field.dump = () => formatMailbox(to.email, to.name);
  }
  msg.addMessage({ contentType: "text/plain", charset: "UTF-8", encoding: "base64", data: base64Text(text) });
  return {
    messageId,
    from: from.email,
    recipients: [to.email],
    raw: msg.asRaw(),
    content: { from, replyTo: null, to: [to], cc: [], bcc: [], subject, text, html, attachments: [], headers: {} },
  };
}

const greeting = (name: string | null) => (name ? `Hello ${name},` : "Hello,");

function renderText(req: EndpointDisabledMailRequest): string {
  const { id, url } = req.endpoint;
  const api = req.apiBaseUrl;
  return `${[
    greeting(normaliseDisplayName(req.account.name)),
    "",
    `We disabled your webhook endpoint ${id}, which receives events at`,
    `  ${url}`,
    `Every attempt to deliver an event to it has failed since ${req.failingSince} (UTC), for more than five days, so no more events are sent to it.`,
    "",
    "To start receiving events again, fix the receiver, then re-enable the endpoint:",
    `  PATCH ${api}/v1/webhook_endpoints/${id}`,
    `  {"status": "enabled"}`,
    "",
    "To see what failed and what the receiver answered:",
    `  GET ${api}/v1/webhook_endpoints/${id}/deliveries?status=failed`,
    "",
    "To send an event it missed again (once re-enabled), for each event:",
    `  POST ${api}/v1/events/{event_id}/redeliver`,
    `  {"endpoint_id": "${id}"}`,
    "",
    "GET /v1/events lists every event since it began failing.",
  ].join("\n")}\n`;
}
