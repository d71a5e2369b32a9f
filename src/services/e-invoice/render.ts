/*
 * An invoice or a credit note as an e-invoice: refused with the rules it would break, or built
 * into the EN 16931 model and written in the syntax asked for. Nothing here stores: the
 * document store (src/services/documents.ts) keeps what this renders.
 */
import type { CreditNote } from "../../db/credit-note-queries";
import { fitsTwoDecimals } from "../../domain/e-invoice/amounts";
import { buildEInvoice, type EInvoiceSource } from "../../domain/e-invoice/build";
import { checkEInvoice } from "../../domain/e-invoice/rules";
import { documentFilename } from "../../domain/document-filename";
import { EInvoiceIncompleteError, StateConflictError } from "../../domain/errors";
import type { Account, Invoice } from "../../domain/types";
import { renderInvoicePdfDocument, type FontProvider } from "../pdf";
import { toCii } from "./cii";
import { toFacturX } from "./facturx";
import { toUbl } from "./ubl";

export const E_INVOICE_FORMATS = ["ubl", "cii", "facturx"] as const;
export type EInvoiceFormat = (typeof E_INVOICE_FORMATS)[number];
/** A credit note is XML only: Factur-X is a profile for invoices' PDFs. */
export const CREDIT_NOTE_E_INVOICE_FORMATS = ["ubl", "cii"] as const;

export type RenderedEInvoice = { filename: string; contentType: string; render: () => Promise<Uint8Array> };

const XML = "application/xml";

/**
 * The rules the source breaks, or nothing. A currency with three decimals is not a rule the
 * data can fix, so it has its own answer (409 einvoice_currency_unsupported).
 */
export function assertEInvoiceable(source: EInvoiceSource): void {
  const currency = source.kind === "invoice" ? source.invoice.currency : source.note.currency;
  if (!fitsTwoDecimals(currency))
    throw new StateConflictError(
      "einvoice_currency_unsupported",
      `EN 16931 amounts have at most two decimals (BR-DEC rules), and ${currency} has three: its invoices cannot be expressed as e-invoices.`,
      "currency",
    );
  const errors = checkEInvoice(source);
  if (errors.length > 0) throw new EInvoiceIncompleteError(errors);
}

export async function renderInvoiceEInvoice(
  input: { invoice: Invoice; account: Account; fonts: FontProvider; now: Date },
  format: EInvoiceFormat,
): Promise<RenderedEInvoice> {
  const source: EInvoiceSource = { kind: "invoice", invoice: input.invoice, account: input.account };
  assertEInvoiceable(source);
  const doc = buildEInvoice(source);
  const number = doc.number;
  if (format === "ubl") return xmlDocument(documentFilename("invoice", number, "ubl.xml"), () => toUbl(doc));
  if (format === "cii") return xmlDocument(documentFilename("invoice", number, "cii.xml"), () => toCii(doc));
  return {
    filename: documentFilename("invoice", number, "facturx.pdf"),
    contentType: "application/pdf",
    render: async () => {
      const pdf = await renderInvoicePdfDocument(
        { invoice: input.invoice, account: input.account, payUrl: input.invoice.public_url, now: input.now },
        input.fonts,
        {
          embedAllFonts: true,
        },
      );
      return toFacturX(pdf, toCii(doc), { documentNumber: number, created: input.now });
    },
  };
}

export function renderCreditNoteEInvoice(input: { note: CreditNote; invoice: Invoice; account: Account }, format: "ubl" | "cii"): RenderedEInvoice {
  const source: EInvoiceSource = { kind: "credit_note", note: input.note, invoice: input.invoice, account: input.account };
  assertEInvoiceable(source);
  const doc = buildEInvoice(source);
  const filename = documentFilename("credit_note", doc.number, `${format}.xml`);
  return xmlDocument(filename, () => (format === "ubl" ? toUbl(doc) : toCii(doc)));
}

function xmlDocument(filename: string, write: () => string): RenderedEInvoice {
  return { filename, contentType: `${XML}; charset=utf-8`, render: async () => new TextEncoder().encode(write()) };
}
