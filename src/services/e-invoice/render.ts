/*
 * An invoice or a credit note as an e-invoice: refused with the rules it would break, or built
 * into the EN 16931 model and written in the syntax asked for. Nothing here stores: the
 * document store (src/services/documents.ts) keeps what this renders.
 */
import type { CreditNote } from "../../db/credit-note-queries";
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

const XML = "application/xml; charset=utf-8";

export const eInvoiceContentType = (format: EInvoiceFormat) => (format === "facturx" ? "application/pdf" : XML);

/** What follows the number in an e-invoice's file name and its R2 key: ubl.xml, cii.xml, facturx.pdf. */
export const eInvoiceExtension = (format: EInvoiceFormat) => (format === "facturx" ? "facturx.pdf" : `${format}.xml`);

/** invoice_{number}.ubl.xml, .cii.xml, .facturx.pdf: the download's name. */
export const eInvoiceFilename = (kind: "invoice" | "credit_note", number: string, format: EInvoiceFormat) =>
  documentFilename(kind, number, eInvoiceExtension(format));

/**
 * Refuses what would break a rule: a currency with three decimals is not a rule the data can fix,
 * so it has its own answer (409 einvoice_currency_unsupported); the rest is einvoice_incomplete,
 * listing every rule (checkEInvoice, which reports the currency as BR-DEC-09 too).
 */
export function assertEInvoiceable(source: EInvoiceSource): void {
  const errors = checkEInvoice(source);
  const currency = errors.find((e) => e.field === "currency" && e.rule.startsWith("BR-DEC"));
  if (currency) throw new StateConflictError("einvoice_currency_unsupported", currency.message, "currency");
  if (errors.length > 0) throw new EInvoiceIncompleteError(errors);
}

/** The invoice's e-invoice bytes; throws (nothing to store) when it would break a rule. */
export async function renderInvoiceEInvoice(
  input: { invoice: Invoice; account: Account; fonts: FontProvider; now: Date },
  format: EInvoiceFormat,
): Promise<Uint8Array> {
  const source: EInvoiceSource = { kind: "invoice", invoice: input.invoice, account: input.account };
  assertEInvoiceable(source);
  const doc = buildEInvoice(source);
  if (format === "ubl") return encode(toUbl(doc));
  if (format === "cii") return encode(toCii(doc));
  const pdf = await renderInvoicePdfDocument(
    { invoice: input.invoice, account: input.account, payUrl: input.invoice.public_url, now: input.now },
    input.fonts,
    {
      embedAllFonts: true,
    },
  );
  return toFacturX(pdf, toCii(doc), { documentNumber: doc.number, created: input.now });
}

export function renderCreditNoteEInvoice(input: { note: CreditNote; invoice: Invoice; account: Account }, format: "ubl" | "cii"): Uint8Array {
  const source: EInvoiceSource = { kind: "credit_note", note: input.note, invoice: input.invoice, account: input.account };
  assertEInvoiceable(source);
  const doc = buildEInvoice(source);
  return encode(format === "ubl" ? toUbl(doc) : toCii(doc));
}

const encode = (xml: string) => new TextEncoder().encode(xml);
