import { type CreditNote, findCreditNote, toCreditNote } from "../../db/credit-note-queries";
import type { Db } from "../../db/client";
import { type InvoiceState, invoiceOf, loadInvoiceState } from "../../db/invoice-state-queries";
import { NotFoundError } from "../../domain/errors";
import type { Invoice } from "../../domain/types";

/** A note with what its PDF and its email need: the invoice it corrects, read with its account and customer. */
export type CreditNoteDocument = { note: CreditNote; invoice: Invoice; state: InvoiceState };

/**
 * The account's note and the state of the invoice it corrects (with the delivery under
 * `dedupeKey`, when given); null when the note is not the account's.
 */
export async function loadCreditNoteDocument(
  db: Db,
  baseUrl: string,
  accountId: string,
  noteId: string,
  dedupeKey?: string,
): Promise<CreditNoteDocument | null> {
  const found = await findCreditNote(db, accountId, noteId);
  if (!found) return null;
  const state = await loadInvoiceState(db, accountId, found.row.invoiceId, dedupeKey);
  if (!state) return null;
  return { note: toCreditNote(found.row, found.lines, state.row.number, baseUrl), invoice: invoiceOf(state, state.row, baseUrl), state };
}

/** The account's note as a document, or a 404: for the routes that serve its PDF and e-invoices. */
export async function requireCreditNoteDocument(ctx: { db: Db; baseUrl: string; accountId: string }, noteId: string): Promise<CreditNoteDocument> {
  const found = await loadCreditNoteDocument(ctx.db, ctx.baseUrl, ctx.accountId, noteId);
  if (!found) throw new NotFoundError("credit_note", noteId);
  return found;
}
