/*
 * Builds the invoice (or reminder) email: the two body parts and the PDF, through the
 * rules every email follows (compose-mail.ts). Pure apart from the clock the caller passes in.
 */
import { documentFilename } from "../../domain/document-filename";
import { DomainError } from "../../domain/errors";
import { formatMoney } from "../../domain/money";
import { type PayLinkAccount, type PayLinkInvoice, payLinkFor } from "../../domain/pay-link";
import type { Account, Invoice } from "../../domain/types";
import { type ComposedMail, composeMail, formatMailDate, type MailDetails, type MailRequest } from "./compose-mail";
import { type InvoiceMailFacts, type InvoiceMailKind, defaultSubject, renderHtml, renderText } from "./invoice-mail-body";

export { DELIVERY_REF_HEADER, MAX_RECIPIENTS } from "./compose-mail";

export type InvoiceMailRequest = Omit<MailRequest, "account" | "customer"> & {
  kind: InvoiceMailKind;
  /** The pay link comes from these (domain/pay-link.ts), so no caller decides it. */
  invoice: PayLinkInvoice &
    Pick<Invoice, "due_date"> & {
      customer: { name: string; email: string | null };
    };
  account: PayLinkAccount & Pick<Account, "name" | "email" | "sender_email" | "sender_name">;
  /** The invoice PDF; attached when present (the caller leaves it out for `attach_pdf: false`). */
  pdf?: Uint8Array | null;
  /** Locale for amounts and dates, e.g. the customer's; defaults to en-US. */
  locale?: string | null;
};

/** What the API reports back as `email_details`. */
export type InvoiceMailDetails = MailDetails;

export type InvoiceMail = ComposedMail;

export function buildInvoiceMail(req: InvoiceMailRequest): InvoiceMail {
  const invoiceNumber = req.invoice.invoice_number;
  if (!invoiceNumber) throw new DomainError("invoice_number", "Only a finalized invoice (with a number) can be emailed.");
  const locale = req.locale || "en-US";
  const attachment = req.pdf ? { filename: attachmentName(invoiceNumber), contentType: "application/pdf", content: req.pdf } : null;
  return composeMail(
    { ...req, customer: req.invoice.customer },
    {
      defaultSubject: (merchantName) => defaultSubject(req.kind, invoiceNumber, merchantName),
      attachment,
      render: ({ merchantName, customerName, message }) => {
        const facts: InvoiceMailFacts = {
          kind: req.kind,
          invoiceNumber,
          merchantName,
          customerName,
          amountDue: formatMoney(req.invoice.amount_due, req.invoice.currency, locale),
          dueDate: formatMailDate(req.invoice.due_date, locale),
          daysOverdue: daysOverdue(req.invoice.due_date, req.now),
          payUrl: payLinkFor(req.invoice, req.account, "email")?.url ?? null,
          message,
          attachmentName: attachment?.filename ?? null,
        };
        return { text: renderText(facts), html: renderHtml(facts) };
      },
    },
  );
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
  return documentFilename("invoice", invoiceNumber);
}
