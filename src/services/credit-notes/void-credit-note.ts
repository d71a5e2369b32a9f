import { and, eq, exists, gte, sql } from "drizzle-orm";
import { type CreditNote, findCreditNote, toCreditNote } from "../../db/credit-note-queries";
import { balanceChange, balanceOf } from "../../db/customer-balance-writes";
import { eventInsert } from "../../db/event-writes";
import { invoiceOf } from "../../db/invoice-state-queries";
import { applyGuardedChange } from "../../db/invoice-writes";
import { creditNotes } from "../../db/schema";
import { NotFoundError, StateConflictError } from "../../domain/errors";
import { deriveStatus } from "../../domain/lifecycle";
import type { Invoice } from "../../domain/types";
import { type InvoiceContext, withSchedule } from "../invoices/context";
import { loadState, RETRY, withFreshRow } from "../invoices/load";
import { factsOf } from "../invoices/transitions";

/**
 * Voids a note while nothing of it has left the merchant: no refund, and its credit still
 * unspent in the customer's balance. What it took off the invoice is owed again, its lines
 * can be credited again, and its number stays taken (a gap would be unlawful).
 */
export async function voidCreditNote(ctx: InvoiceContext, id: string): Promise<{ note: CreditNote; invoice: Invoice }> {
  const found = await findCreditNote(ctx.db, ctx.accountId, id);
  if (!found) throw new NotFoundError("credit_note", id);
  const note = found.row;
  if (note.status === "void") throw alreadyVoid();
  if (note.refundAmount > 0)
    throw new StateConflictError("credit_note_refunded", "This credit note refunded money; it cannot be voided. Issue a new invoice for what is owed again.");
  const state = await withFreshRow(ctx, await loadState(ctx, note.invoiceId), async (current) => {
    const { row } = current;
    if (note.creditAmount > 0 && (current.customer.credit_balances[note.currency] ?? 0) < note.creditAmount) {
      // Read after the balance: a void that took the credit back first is the answer, not a spent balance.
      if (await voidedMeanwhile(ctx, id)) throw alreadyVoid();
      throw new StateConflictError("credit_note_balance_used", "The credit this note added to the customer's balance has been used; it cannot be voided.");
    }
    const now = ctx.now().toISOString();
    const facts = { ...factsOf(row), credited_amount: row.creditedAmount - note.dueAmount };
    const status = deriveStatus(facts);
    const voided = { ...note, status: "void", voidedAt: now, updatedAt: now, version: note.version + 1 };
    const who = { actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
    const written = await applyGuardedChange(ctx.db, {
      row,
      set: { creditedAmount: facts.credited_amount, status, ...(status !== "paid" ? { paidAt: null } : {}) },
      where: [
        // Still issued when the void lands: two voids racing undo the credit once.
        exists(
          ctx.db
            .select({ one: sql`1` })
            .from(creditNotes)
            .where(and(eq(creditNotes.id, id), eq(creditNotes.accountId, ctx.accountId), eq(creditNotes.status, "issued"))),
        ),
        // The balance still holds the credit (another invoice may be spending it).
        ...(note.creditAmount > 0 ? [gte(balanceOf(ctx.accountId, note.customerId, note.currency), note.creditAmount)] : []),
      ],
      now,
      after: (guard) => [
        ctx.db
          .update(creditNotes)
          .set({ status: "void", voidedAt: now, updatedAt: now, version: voided.version })
          .where(and(eq(creditNotes.id, id), eq(creditNotes.accountId, ctx.accountId), eq(creditNotes.status, "issued"), guard)),
        ...(note.creditAmount > 0
          ? [
              ...balanceChange(
                ctx.db,
                {
                  accountId: ctx.accountId,
                  customerId: note.customerId,
                  currency: note.currency,
                  amount: -note.creditAmount,
                  type: "credit_note_voided",
                  creditNoteId: id,
                  invoiceId: row.id,
                  now,
                  customer: current.customer,
                  who,
                },
                guard,
              ),
            ]
          : []),
        eventInsert(
          ctx.db,
          ctx.accountId,
          { type: "credit_note", id },
          { type: "credit_note.voided", object: toCreditNote(voided, found.lines, row.number, ctx.baseUrl), ...who },
          now,
          guard,
        ),
      ],
      events: [{ type: "invoice.updated", ...who, detail: { fields: ["credited_amount", "amount_due"], credit_note_id: id } }],
      snapshot: (w) => invoiceOf(current, w, ctx.baseUrl),
    });
    if (written) return { ...current, row: written };
    // Lost to another void of this note (its answer is a conflict) or to another change of the invoice (decide again).
    if (await voidedMeanwhile(ctx, id)) throw alreadyVoid();
    return RETRY;
  });
  const after = (await findCreditNote(ctx.db, ctx.accountId, id))!;
  return {
    note: toCreditNote(after.row, after.lines, state.row.number, ctx.baseUrl),
    invoice: await withSchedule(ctx, invoiceOf(state, state.row, ctx.baseUrl)),
  };
}

const alreadyVoid = () => new StateConflictError("credit_note_void", "This credit note is already void.");

const voidedMeanwhile = async (ctx: InvoiceContext, id: string) => (await findCreditNote(ctx.db, ctx.accountId, id))?.row.status === "void";
