/*
 * What the validation endpoints answer: the rules an invoice (a draft too) or a credit note
 * would break as an e-invoice. The same checks as the export (render.ts) and finalization.
 */
import type { CreditNoteDocument } from "../credit-notes/credit-note-document";
import type { EInvoiceSource } from "../../domain/e-invoice/build";
import { checkEInvoice } from "../../domain/e-invoice/rules";
import { type IssuedParties, withIssuedParties } from "../../domain/issued-parties";
import type { Account, Invoice } from "../../domain/types";
import { asIssued } from "../documents";

export type EInvoiceValidation = { object: "e_invoice_validation"; valid: boolean; errors: ReturnType<typeof checkEInvoice> };

function validation(source: EInvoiceSource): EInvoiceValidation {
  const errors = checkEInvoice(source);
  return { object: "e_invoice_validation", valid: errors.length === 0, errors };
}

/** A draft is checked against the account and customer as they are; a finalized invoice as issued, like its export. */
export const invoiceEInvoiceValidation = (invoice: Invoice, account: Account, parties: IssuedParties | null) =>
  validation({ kind: "invoice", ...withIssuedParties(asIssued(invoice), account, parties) });

export const creditNoteEInvoiceValidation = ({ note, invoice, state }: CreditNoteDocument) =>
  validation({ kind: "credit_note", note, ...withIssuedParties(asIssued(invoice), state.account, state.row.issuedParties) });
