/*
 * The rules every email the service sends follows, whatever document it carries: the
 * sender (the account's address, else the platform's), Reply-To, validated and deduplicated
 * recipients (the customer by default), the recipient cap, a one-line capped subject, the
 * sender's cleaned note, the stable delivery reference, and the raw MIME from mimetext.
 * Pure apart from the clock the caller passes in.
 *
 * Bcc recipients exist only in the envelope. send_email takes one envelope recipient per
 * call, so the same raw message goes to everyone; a Bcc header in it would show every Bcc
 * address to every recipient.
 */
// The browser build: it ends lines with CRLF as RFC 5322 requires; the default (node)
// build takes its line ending from node:os.
import { Mailbox, createMimeMessage } from "mimetext/browser";
import { DomainError } from "../../domain/errors";
import type { Account } from "../../domain/types";
import { type MailboxAddress, normaliseAddressList, normaliseDisplayName, normaliseEmailAddress, singleLine, truncate } from "./addresses";
import { base64Lines, base64Text, encodeHeaderText, formatMailbox } from "./mime-encoding";
import { assertMessageId } from "./message-id";
import type { MailAttachment, MailContent, OutgoingMail } from "./outgoing-mail";

/** Cloudflare Email Service accepts at most 50 addresses across to, cc and bcc. */
export const MAX_RECIPIENTS = 50;
const MAX_SUBJECT_LENGTH = 250;
const MAX_MESSAGE_LENGTH = 10_000;
/** Names the stable delivery id in a header the providers leave alone (both replace Message-ID). */
export const DELIVERY_REF_HEADER = "X-Invoice-Delivery-Ref";

/** Who the email is from and to, and what the caller asked for; the same for every kind of email. */
export type MailRequest = {
  account: Pick<Account, "name" | "email" | "sender_email" | "sender_name">;
  /** Used when the account has no sender address of its own (a domain the platform may send from). */
  defaultSender: { email: string; name?: string | null };
  customer: { name: string; email: string | null };
  /** Overrides the customer's address; empty or absent means the customer. */
  to?: readonly string[] | null;
  cc?: readonly string[] | null;
  bcc?: readonly string[] | null;
  subject?: string | null;
  message?: string | null;
  /** From `deliveryMessageId`: the same for every attempt of one delivery. */
  messageId: string;
  now: Date;
};

/** What the API reports back as `email_details`. */
export type MailDetails = {
  sent_to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  message: string | null;
  attachments: string[];
};

export type ComposedMail = OutgoingMail & { details: MailDetails };

/** What is said to whom, settled before the words are written. */
export type MailFacts = { merchantName: string; customerName: string | null; message: string | null };

/** The document's part: its default subject, its attachment, and its words. */
export type MailBody = {
  defaultSubject: (merchantName: string) => string;
  attachment: MailAttachment | null;
  render: (facts: MailFacts) => { text: string; html: string };
};

export function composeMail(req: MailRequest, body: MailBody): ComposedMail {
  const messageId = assertMessageId(req.messageId);
  const merchantName = normaliseDisplayName(req.account.name) ?? "";
  const from: MailboxAddress = req.account.sender_email
    ? {
        email: normaliseEmailAddress(req.account.sender_email, "account.sender_email"),
        name: normaliseDisplayName(req.account.sender_name) ?? (merchantName || null),
      }
    : {
        email: normaliseEmailAddress(req.defaultSender.email, "default_sender"),
        name: normaliseDisplayName(req.account.sender_name) ?? (merchantName || normaliseDisplayName(req.defaultSender.name)),
      };
  const replyTo: MailboxAddress | null = req.account.email
    ? { email: normaliseEmailAddress(req.account.email, "account.email"), name: merchantName || null }
    : null;

  const customerName = normaliseDisplayName(req.customer.name);
  const to = recipientsTo(req, customerName);
  const cc = normaliseAddressList(req.cc, "cc")
    .filter((a) => !includes(to, a))
    .map(bare);
  const bcc = normaliseAddressList(req.bcc, "bcc")
    .filter((a) => !includes(to, a) && !includes(cc, a))
    .map(bare);
  const recipients = [...to, ...cc, ...bcc].map((m) => m.email);
  if (recipients.length > MAX_RECIPIENTS) {
    throw new DomainError("to", `At most ${MAX_RECIPIENTS} recipients across to, cc and bcc.`);
  }

  const subjectGiven = req.subject != null ? truncate(singleLine(req.subject), MAX_SUBJECT_LENGTH) : "";
  const subject = subjectGiven || truncate(singleLine(body.defaultSubject(merchantName)), MAX_SUBJECT_LENGTH);
  const message = cleanMessage(req.message);
  const attachments = body.attachment ? [body.attachment] : [];
  const { text, html } = body.render({ merchantName, customerName, message });

  const content: MailContent = { from, replyTo, to, cc, bcc, subject, text, html, attachments, headers: { [DELIVERY_REF_HEADER]: messageId } };
  return {
    messageId,
    from: from.email,
    recipients,
    raw: toMime(content, messageId, req.now),
    content,
    details: {
      sent_to: to.map((m) => m.email),
      cc: cc.map((m) => m.email),
      bcc: bcc.map((m) => m.email),
      subject,
      message,
      attachments: attachments.map((a) => a.filename),
    },
  };
}

function recipientsTo(req: MailRequest, customerName: string | null): MailboxAddress[] {
  if (req.to && req.to.length > 0) return normaliseAddressList(req.to, "to").map(bare);
  if (!req.customer.email) {
    throw new DomainError("to", "The customer has no email address; give `to`.");
  }
  return [{ email: normaliseEmailAddress(req.customer.email, "customer.email"), name: customerName }];
}

function toMime(content: MailContent, messageId: string, now: Date): string {
  const msg = createMimeMessage();
  const mailbox = (m: MailboxAddress) => new Mailbox({ addr: m.email, name: m.name ?? "" });
  msg.setSender({ addr: content.from.email, name: content.from.name ?? "" });
  if (content.replyTo) msg.setHeader("Reply-To", mailbox(content.replyTo));
  msg.setTo(content.to.map((m) => ({ addr: m.email, name: m.name ?? "" })));
  if (content.cc.length > 0) msg.setCc(content.cc.map((m) => ({ addr: m.email, name: m.name ?? "" })));
  msg.setSubject(content.subject);
  msg.setHeader("Date", now.toUTCString().replace(/GMT$/, "+0000"));
  msg.setHeader("Message-ID", messageId);
  for (const [name, value] of Object.entries(content.headers)) msg.setHeader(name, value);
  // mimetext writes each name and the subject as one unfolded encoded word; swap in
  // encoders that fold, so no header line passes the SMTP line limit.
  for (const field of msg.headers.fields) {
    if (field.name === "Subject") field.dump = (v) => (typeof v === "string" ? encodeHeaderText(v) : "");
    if (["From", "Reply-To", "To", "Cc"].includes(field.name)) field.dump = dumpMailboxes;
  }
  msg.addMessage({ contentType: "text/plain", charset: "UTF-8", encoding: "base64", data: base64Text(content.text) });
  msg.addMessage({ contentType: "text/html", charset: "UTF-8", encoding: "base64", data: base64Text(content.html) });
  for (const a of content.attachments) {
    msg.addAttachment({ filename: a.filename, contentType: a.contentType, encoding: "base64", data: base64Lines(a.content) });
  }
  return msg.asRaw();
}

function dumpMailboxes(value: unknown): string {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((m): m is Mailbox => m instanceof Mailbox)
    .map((m) => formatMailbox(m.addr, m.name || null))
    .join(",\r\n ");
}

function bare(email: string): MailboxAddress {
  return { email, name: null };
}

function includes(list: readonly (MailboxAddress | string)[], email: string): boolean {
  const key = email.toLowerCase();
  return list.some((m) => (typeof m === "string" ? m : m.email).toLowerCase() === key);
}

/** The sender's note: line breaks kept, other control characters dropped, length capped. */
function cleanMessage(message: string | null | undefined): string | null {
  if (message == null) return null;
  const cleaned = message
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, (c) => (c === "\n" || c === "\t" ? c : " "))
    .trim();
  return cleaned ? truncate(cleaned, MAX_MESSAGE_LENGTH) : null;
}

/** A calendar date (YYYY-MM-DD) as the reader writes it, e.g. "February 19, 2024". */
export function formatMailDate(date: string, locale: string): string {
  const when = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(when.getTime())) return date;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(when);
  } catch {
    return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(when);
  }
}
