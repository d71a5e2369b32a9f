/*
 * Builds the invoice (or reminder) email: validated addresses, the two body parts, the PDF,
 * and the raw MIME from mimetext. Pure apart from the clock the caller passes in.
 *
 * Bcc recipients exist only in the envelope. send_email takes one envelope recipient per
 * call, so the same raw message goes to everyone; a Bcc header in it would show every Bcc
 * address to every recipient.
 */
// The browser build: it ends lines with CRLF as RFC 5322 requires; the default (node)
// build takes its line ending from node:os.
import { Mailbox, createMimeMessage } from "mimetext/browser";
import { DomainError } from "../../domain/errors";
import { formatMoney } from "../../domain/money";
import { type PayLinkAccount, type PayLinkInvoice, payLinkFor } from "../../domain/pay-link";
import type { Account, Invoice } from "../../domain/types";
import { type MailboxAddress, normaliseAddressList, normaliseDisplayName, normaliseEmailAddress, singleLine, truncate } from "./addresses";
import { type InvoiceMailFacts, type InvoiceMailKind, defaultSubject, renderHtml, renderText } from "./invoice-mail-body";
import { base64Lines, base64Text, encodeHeaderText, formatMailbox } from "./mime-encoding";
import { assertMessageId } from "./message-id";
import type { MailAttachment, MailContent, OutgoingMail } from "./outgoing-mail";

/** Cloudflare Email Service accepts at most 50 addresses across to, cc and bcc. */
export const MAX_RECIPIENTS = 50;
const MAX_SUBJECT_LENGTH = 250;
const MAX_MESSAGE_LENGTH = 10_000;
/** Names the stable delivery id in a header the providers leave alone (both replace Message-ID). */
export const DELIVERY_REF_HEADER = "X-Invoice-Delivery-Ref";

export type InvoiceMailRequest = {
  kind: InvoiceMailKind;
  /** The pay link comes from these (domain/pay-link.ts), so no caller decides it. */
  invoice: PayLinkInvoice &
    Pick<Invoice, "due_date"> & {
      customer: { name: string; email: string | null };
    };
  account: PayLinkAccount & Pick<Account, "name" | "email" | "sender_email" | "sender_name">;
  /** Used when the account has no sender address of its own (a domain the platform may send from). */
  defaultSender: { email: string; name?: string | null };
  /** Overrides the customer's address; empty or absent means the customer. */
  to?: readonly string[] | null;
  cc?: readonly string[] | null;
  bcc?: readonly string[] | null;
  subject?: string | null;
  message?: string | null;
  /** The invoice PDF; attached when present (the caller leaves it out for `attach_pdf: false`). */
  pdf?: Uint8Array | null;
  /** From `deliveryMessageId`: the same for every attempt of one delivery. */
  messageId: string;
  now: Date;
  /** Locale for amounts and dates, e.g. the customer's; defaults to en-US. */
  locale?: string | null;
};

/** What the API reports back as `email_details`. */
export type InvoiceMailDetails = {
  sent_to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  message: string | null;
  attachments: string[];
};

export type InvoiceMail = OutgoingMail & { details: InvoiceMailDetails };

export function buildInvoiceMail(req: InvoiceMailRequest): InvoiceMail {
  const messageId = assertMessageId(req.messageId);
  const invoiceNumber = req.invoice.invoice_number;
  if (!invoiceNumber) throw new DomainError("invoice_number", "Only a finalized invoice (with a number) can be emailed.");

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

  const customerName = normaliseDisplayName(req.invoice.customer.name);
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

  const locale = req.locale || "en-US";
  const subjectGiven = req.subject != null ? truncate(singleLine(req.subject), MAX_SUBJECT_LENGTH) : "";
  const subject = subjectGiven || truncate(singleLine(defaultSubject(req.kind, invoiceNumber, merchantName)), MAX_SUBJECT_LENGTH);
  const message = cleanMessage(req.message);
  const attachments: MailAttachment[] = req.pdf ? [{ filename: attachmentName(invoiceNumber), contentType: "application/pdf", content: req.pdf }] : [];

  const facts: InvoiceMailFacts = {
    kind: req.kind,
    invoiceNumber,
    merchantName,
    customerName,
    amountDue: formatMoney(req.invoice.amount_due, req.invoice.currency, locale),
    dueDate: formatDate(req.invoice.due_date, locale),
    daysOverdue: daysOverdue(req.invoice.due_date, req.now),
    payUrl: payLinkFor(req.invoice, req.account, "email")?.url ?? null,
    message,
    attachmentName: attachments[0]?.filename ?? null,
  };
  const content: MailContent = {
    from,
    replyTo,
    to,
    cc,
    bcc,
    subject,
    text: renderText(facts),
    html: renderHtml(facts),
    attachments,
    headers: { [DELIVERY_REF_HEADER]: messageId },
  };
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

/** Whole days from the due date to `now`, both taken as UTC calendar days; 0 if not past due. */
export function daysOverdue(dueDate: string, now: Date): number {
  const due = Date.parse(`${dueDate}T00:00:00Z`);
  if (Number.isNaN(due)) return 0;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.max(0, Math.round((today - due) / 86_400_000));
}

/** `invoice_{number}.pdf`, with anything but letters, digits, `.`, `_` and `-` replaced. */
export function attachmentName(invoiceNumber: string): string {
  return `invoice_${invoiceNumber.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf`;
}

function recipientsTo(req: InvoiceMailRequest, customerName: string | null): MailboxAddress[] {
  if (req.to && req.to.length > 0) return normaliseAddressList(req.to, "to").map(bare);
  if (!req.invoice.customer.email) {
    throw new DomainError("to", "The customer has no email address; give `to`.");
  }
  return [{ email: normaliseEmailAddress(req.invoice.customer.email, "customer.email"), name: customerName }];
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

function formatDate(date: string, locale: string): string {
  const when = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(when.getTime())) return date;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(when);
  } catch {
    return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(when);
  }
}
