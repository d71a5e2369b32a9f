import { documentFilename } from "../domain/document-filename";
import { StateConflictError } from "../domain/errors";
import type { Account, Invoice } from "../domain/types";
import { type IssuedParties, withIssuedParties } from "../domain/issued-parties";
import type { CreditNoteDocument } from "./credit-notes/credit-note-document";
import {
  type EInvoiceFormat,
  eInvoiceContentType,
  eInvoiceExtension,
  eInvoiceFilename,
  renderCreditNoteEInvoice,
  renderInvoiceEInvoice,
} from "./e-invoice/render";
import { assetFontProvider, type FontProvider, renderCreditNotePdf, renderInvoicePdf } from "./pdf";

/*
 * A finalized invoice's PDF, and a credit note's, is rendered once and kept in R2 under a key
 * that names the account and the document. It is never overwritten: the put is conditional on the key
 * not existing, so two first requests racing store one document and both serve it.
 * Drafts are rendered on every request as previews and never stored. A render that cannot
 * load a font its text needs throws (FontUnavailableError, a retryable 500) before the put,
 * so a document with lost text is never stored.
 */

export function pdfKey(accountId: string, invoiceId: string, number: string) {
  return `accounts/${accountId}/invoices/${invoiceId}/${number}.pdf`;
}

export function creditNotePdfKey(accountId: string, creditNoteId: string, number: string) {
  return `accounts/${accountId}/credit_notes/${creditNoteId}/${number}.pdf`;
}

/** Where an invoice's or a credit note's e-invoice in `format` is kept, beside its PDF. */
export function eInvoiceKey(accountId: string, kind: "invoices" | "credit_notes", id: string, number: string, format: EInvoiceFormat) {
  return `accounts/${accountId}/${kind}/${id}/${number}.${eInvoiceExtension(format)}`;
}

export type InvoicePdf = { bytes: Uint8Array; filename: string; stored: boolean; contentType?: string };
/** A stored document: the same shape as an invoice's. */
export type DocumentPdf = InvoicePdf;

/**
 * The invoice as it was issued: the stored PDF is the legal document, so it shows what was
 * billed, not payments or a void that happened before its first render. The API shows the live
 * state; the pay page shows live payments with the parties as issued (src/domain/issued-parties.ts).
 */
export function asIssued(invoice: Invoice): Invoice {
  if (!invoice.invoice_number) return invoice;
  return {
    ...invoice,
    status: "finalized",
    amount_paid: 0,
    // Credit notes are documents of their own; a balance applied at finalization is part of this one.
    credited_amount: 0,
    amount_refunded: 0,
    refunds: [],
    amount_due: invoice.total_amount - invoice.applied_balance,
    paid_at: null,
    voided_at: null,
    marked_uncollectible_at: null,
  };
}

/**
 * Fonts come from the Worker's static assets. Read from the module-level env so every caller
 * of invoicePdf (API route, public link, email delivery) gets them without passing a binding.
 */
export async function invoicePdf(
  bucket: R2Bucket,
  fonts: FontProvider,
  live: Invoice,
  liveAccount: Account,
  parties: IssuedParties | null,
): Promise<InvoicePdf> {
  const { invoice, account } = withIssuedParties(asIssued(live), liveAccount, parties);
  const render = () =>
    renderInvoicePdf(
      {
        invoice,
        account,
        payUrl: invoice.public_url,
        // The document's creation date is its finalization, whenever it is first rendered.
        now: invoice.finalized_at ? new Date(invoice.finalized_at) : new Date(),
      },
      fonts,
    );
  if (!invoice.invoice_number) return { bytes: await render(), filename: `invoice_draft_${invoice.id}.pdf`, stored: false };

  const filename = `invoice_${invoice.invoice_number}.pdf`;
  const key = pdfKey(account.id, invoice.id, invoice.invoice_number);
  return storedOnce(bucket, key, filename, render, { account_id: account.id, invoice_id: invoice.id, number: invoice.invoice_number });
}

/**
 * A finalized invoice's e-invoice, rendered once from the invoice as issued (its parties as they
 * were at finalization, like its PDF) and kept in R2 beside it. A stored one is served as it is,
 * whatever changed since; what cannot become a valid document is refused (the render throws)
 * before anything is stored, so a stored e-invoice is always one that passed.
 */
export async function invoiceEInvoice(
  bucket: R2Bucket,
  fonts: FontProvider,
  live: Invoice,
  liveAccount: Account,
  format: EInvoiceFormat,
  parties: IssuedParties | null,
): Promise<DocumentPdf> {
  const { invoice, account } = withIssuedParties(asIssued(live), liveAccount, parties);
  const number = invoice.invoice_number;
  if (!number)
    throw new StateConflictError(
      "invoice_not_finalized",
      "A draft has no e-invoice: finalize it first (GET …/e-invoice/validation says whether it would be valid).",
    );
  const now = new Date(invoice.finalized_at ?? invoice.created_at);
  return storedOnce(
    bucket,
    eInvoiceKey(account.id, "invoices", invoice.id, number, format),
    eInvoiceFilename("invoice", number, format),
    () => renderInvoiceEInvoice({ invoice, account, fonts, now }, format),
    { account_id: account.id, invoice_id: invoice.id, number, format },
    eInvoiceContentType(format),
  );
}

/** A credit note's e-invoice (UBL CreditNote, CII 381), rendered once and kept beside its PDF. */
export async function creditNoteEInvoice(bucket: R2Bucket, found: CreditNoteDocument, format: Exclude<EInvoiceFormat, "facturx">): Promise<DocumentPdf> {
  const { note } = found;
  const { invoice, account } = withIssuedParties(asIssued(found.invoice), found.state.account, found.state.row.issuedParties);
  return storedOnce(
    bucket,
    eInvoiceKey(account.id, "credit_notes", note.id, note.number, format),
    eInvoiceFilename("credit_note", note.number, format),
    async () => renderCreditNoteEInvoice({ note, invoice, account }, format),
    { account_id: account.id, credit_note_id: note.id, number: note.number, format },
    eInvoiceContentType(format),
  );
}

/** A credit note is issued final: its PDF is stored on first read, and shows the note as issued. */
export async function creditNotePdf(bucket: R2Bucket, fonts: FontProvider, found: CreditNoteDocument): Promise<DocumentPdf> {
  const { note } = found;
  // The parties of the invoice it corrects, as that was issued: the note is between the same two.
  const { invoice, account } = withIssuedParties(found.invoice, found.state.account, found.state.row.issuedParties);
  const render = () => renderCreditNotePdf({ note, invoice, account, now: new Date(note.created_at) }, fonts);
  const key = creditNotePdfKey(account.id, note.id, note.number);
  return storedOnce(bucket, key, documentFilename("credit_note", note.number), render, {
    account_id: account.id,
    credit_note_id: note.id,
    number: note.number,
  });
}

/**
 * The object at `key`, rendered and put there first if it does not exist yet. The put is
 * conditional, so a document is never replaced, and every reader gets the bytes that won.
 */
async function storedOnce(
  bucket: R2Bucket,
  key: string,
  filename: string,
  render: () => Promise<Uint8Array>,
  customMetadata: Record<string, string>,
  contentType = "application/pdf",
): Promise<DocumentPdf> {
  const existing = await bucket.get(key);
  if (existing) return { bytes: new Uint8Array(await existing.arrayBuffer()), filename, stored: true, contentType };

  const bytes = await render();
  const put = await bucket.put(key, bytes, {
    onlyIf: new Headers({ "If-None-Match": "*" }),
    httpMetadata: { contentType, contentDisposition: `inline; filename="${filename}"` },
    customMetadata,
  });
  if (put) return { bytes, filename, stored: true, contentType };
  // Another request stored it first; serve that one so every reader sees the same bytes.
  const winner = await bucket.get(key);
  return { bytes: winner ? new Uint8Array(await winner.arrayBuffer()) : bytes, filename, stored: true, contentType };
}

/** A stored document (PDF or XML) as a response: inline, never sniffed, cached while it cannot change. */
export function documentResponse(pdf: DocumentPdf): Response {
  return new Response(pdf.bytes, {
    headers: {
      "Content-Type": pdf.contentType ?? "application/pdf",
      "Content-Disposition": `inline; filename="${pdf.filename}"`,
      // A stored PDF never changes; a draft preview does.
      "Cache-Control": pdf.stored ? "private, max-age=3600, immutable" : "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Where invoice and credit note documents (PDFs, e-invoices) are rendered once and kept. */
export interface DocumentStore {
  /** `parties`: the invoice's issued_parties, the seller and buyer as finalized (null for drafts and invoices from before they were kept). */
  invoicePdf(invoice: Invoice, account: Account, parties: IssuedParties | null): Promise<InvoicePdf>;
  /** The note's PDF, with the invoice it corrects (its number, date and parties as issued). */
  creditNotePdf(found: CreditNoteDocument): Promise<DocumentPdf>;
  /** The invoice's e-invoice in `format`; throws EInvoiceIncompleteError (nothing stored) when it would break a rule. */
  invoiceEInvoice(invoice: Invoice, account: Account, format: EInvoiceFormat, parties: IssuedParties | null): Promise<DocumentPdf>;
  creditNoteEInvoice(found: CreditNoteDocument, format: Exclude<EInvoiceFormat, "facturx">): Promise<DocumentPdf>;
}

/** PDFs kept in `bucket` (R2), rendered with the fonts the Worker ships (Static Assets). */
export const documentStore = (bucket: R2Bucket, assets: Fetcher): DocumentStore => {
  const fonts = assetFontProvider(assets);
  return {
    invoicePdf: (invoice, account, parties) => invoicePdf(bucket, fonts, invoice, account, parties),
    creditNotePdf: (found) => creditNotePdf(bucket, fonts, found),
    invoiceEInvoice: (invoice, account, format, parties) => invoiceEInvoice(bucket, fonts, invoice, account, format, parties),
    creditNoteEInvoice: (found, format) => creditNoteEInvoice(bucket, found, format),
  };
};
