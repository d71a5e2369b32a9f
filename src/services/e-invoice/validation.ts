/*
 * What the validation endpoints answer: the rules an invoice (a draft too) or a credit note
 * would break as an e-invoice. The same checks as the export (render.ts) and finalization.
 */
import type { CreditNote } from "../../db/credit-note-queries";
import type { EInvoiceSource } from "../../domain/e-invoice/build";
import { checkEInvoice } from "../../domain/e-invoice/rules";
import type { Account, Invoice } from "../../domain/types";
import { asIssued } from "../documents";

export type EInvoiceValidation = { object: "e_invoice_validation"; valid: boolean; errors: ReturnType<typeof checkEInvoice> };

function validation(source: EInvoiceSource): EInvoiceValidation {
  const errors = checkEInvoice(source);
  return { object: "e_invoice_validation", valid: errors.length === 0, errors };
}

export const invoiceEInvoiceValidation = (invoice: Invoice, account: Account) => validation({ kind: "invoice", invoice: asIssued(invoice), account });

export const creditNoteEInvoiceValidation = (note: CreditNote, invoice: Invoice, account: Account) =>
  validation({ kind: "credit_note", note, invoice: asIssued(invoice), account });
