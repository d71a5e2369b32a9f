import { sql } from "drizzle-orm";
import { sha256Hex } from "../../auth/api-key-token";
import { isUniqueViolation } from "../../db/constraint-errors";
import { type CreditNote, creditableLines, findCreditNote, toCreditNote } from "../../db/credit-note-queries";
import { eventInsert } from "../../db/event-writes";
import { guardedInsert } from "../../db/guarded-insert";
import { invoiceOf, type InvoiceState } from "../../db/invoice-state-queries";
import { advanceSeries, creditNoteSeries, nextNumber } from "../../db/invoice-numbers";
import { applyGuardedChange, type Statement } from "../../db/invoice-writes";
import { balanceChange } from "../../db/customer-balance-writes";
import { creditNoteLines, creditNotes, refunds } from "../../db/schema";
import { type CreditNoteReason, type CreditRequest, type CreditSplit, type PricedCreditNote, priceCreditNote, splitCredit } from "../../domain/credit-notes";
import { withBalance } from "../../domain/customer-balance";
import { dateInZone } from "../../domain/dates";
import { NotFoundError } from "../../domain/errors";
import { amountDue, assertCanApply, deriveStatus } from "../../domain/lifecycle";
import type { RoundingMode } from "../../domain/money";
import { numberSeries } from "../../domain/numbering";
import type { Invoice, InvoiceStatus, TaxStatus } from "../../domain/types";
import { newId, randomToken } from "../../ids";
import { type InvoiceContext, withSchedule } from "../invoices/context";
import { loadState, RETRY, withFreshRow } from "../invoices/load";
import { factsOf } from "../invoices/transitions";

export type CreditNoteInput = CreditRequest & {
  invoice_id: string;
  reason: CreditNoteReason;
  memo?: string | null;
  refund_amount?: number;
  credit_amount?: number;
  out_of_band_amount?: number;
  metadata?: Record<string, string>;
};

type Plan = { priced: PricedCreditNote; split: CreditSplit; issueDate: string };

/** Prices and splits a note against the invoice as loaded; throws the 400/409 that refuses it. */
async function plan(ctx: InvoiceContext, state: InvoiceState, input: CreditNoteInput): Promise<Plan> {
  const { row } = state;
  assertCanApply("credit", row.status as InvoiceStatus);
  const lines = await creditableLines(ctx.db, ctx.accountId, row.id, state.lines, row.customerTaxStatus as TaxStatus);
  const priced = priceCreditNote(input, {
    lines,
    invoiceDiscount: row.discountAmount,
    rounding: state.accountRow.roundingMode as RoundingMode,
  });
  const split = splitCredit(
    priced.total_amount,
    { amount_due: amountDue(factsOf(row)), amount_paid: row.amountPaid, amount_refunded: row.amountRefunded },
    input,
  );
  return { priced, split, issueDate: dateInZone(ctx.now(), state.accountRow.timezone) };
}

async function invoiceState(ctx: InvoiceContext, invoiceId: string): Promise<InvoiceState> {
  try {
    return await loadState(ctx, invoiceId);
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError("invoice", invoiceId).asParam("invoice_id");
    throw err;
  }
}

/** What would be issued, without a number and without writing anything. */
export async function previewCreditNote(ctx: InvoiceContext, input: CreditNoteInput) {
  const state = await invoiceState(ctx, input.invoice_id);
  const { priced, split, issueDate } = await plan(ctx, state, input);
  return {
    object: "credit_note_preview" as const,
    number: null,
    invoice_id: state.row.id,
    invoice_number: state.row.number,
    currency: state.row.currency,
    reason: input.reason,
    memo: input.memo ?? null,
    issue_date: issueDate,
    ...priced,
    ...split,
    invoice_amount_due_after: amountDue(factsOf(state.row)) - split.due_amount,
  };
}

/**
 * Issues a note final at once: the note with the next number of its own series, its lines,
 * the invoice's new credited and refunded amounts (and status), the refund, the customer's
 * balance transaction and the events, in one D1 batch under the invoice's version guard, so
 * concurrent notes on one invoice are serialised and can never credit more than it holds.
 * With an Idempotency-Key the note's id comes from the key: a retry whose answer was lost
 * finds the note it made.
 */
export async function issueCreditNote(ctx: InvoiceContext, input: CreditNoteInput): Promise<{ note: CreditNote; invoice: Invoice }> {
  const id = ctx.idempotencyKey ? `cn_${(await sha256Hex(`${ctx.accountId}\ncredit_note:${ctx.idempotencyKey}`)).slice(0, 24)}` : newId("cn");
  const existing = await findCreditNote(ctx.db, ctx.accountId, id);
  if (existing) return answer(ctx, existing.row.invoiceId, id);
  let state = await invoiceState(ctx, input.invoice_id);
  try {
    state = await withFreshRow(ctx, state, async (current) => {
      const p = await plan(ctx, current, input);
      const c = change(ctx, current, input, p, id);
      const written = await applyGuardedChange(ctx.db, c);
      return written ? { ...c.stateAfter, row: written } : RETRY;
    });
  } catch (err) {
    // Two runs of one key raced: the primary key let one in, and its note is the answer.
    if (isUniqueViolation(err) && (await findCreditNote(ctx.db, ctx.accountId, id))) return answer(ctx, input.invoice_id, id);
    throw err;
  }
  const { note } = await answer(ctx, state.row.id, id, state);
  // Settled by the credit: reminders and the overdue alarm stop.
  return { note, invoice: await withSchedule(ctx, invoiceOf(state, state.row, ctx.baseUrl)) };
}

async function answer(ctx: InvoiceContext, invoiceId: string, id: string, state?: InvoiceState) {
  const current = state ?? (await loadState(ctx, invoiceId));
  const found = (await findCreditNote(ctx.db, ctx.accountId, id))!;
  return { note: toCreditNote(found.row, found.lines, current.row.number, ctx.baseUrl), invoice: invoiceOf(current, current.row, ctx.baseUrl) };
}

function change(ctx: InvoiceContext, state: InvoiceState, input: CreditNoteInput, p: Plan, id: string) {
  const { row, accountRow } = state;
  const now = ctx.now().toISOString();
  const facts = { ...factsOf(row), credited_amount: row.creditedAmount + p.split.due_amount };
  const status = deriveStatus(facts);
  const label = numberSeries(accountRow.creditNotePrefix, p.issueDate);
  const series = creditNoteSeries(label);
  const note = {
    id,
    accountId: ctx.accountId,
    invoiceId: row.id,
    customerId: row.customerId,
    number: nextNumber(ctx.accountId, series, label),
    status: "issued",
    currency: row.currency,
    reason: input.reason,
    memo: input.memo ?? null,
    issueDate: p.issueDate,
    subtotal: p.priced.subtotal,
    discountAmount: p.priced.discount_amount,
    taxAmount: p.priced.tax_amount,
    totalAmount: p.priced.total_amount,
    dueAmount: p.split.due_amount,
    refundAmount: p.split.refund_amount,
    creditAmount: p.split.credit_amount,
    outOfBandAmount: p.split.out_of_band_amount,
    metadata: input.metadata ?? {},
    pdfToken: randomToken(24),
    pdfKey: null,
    voidedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const lines = p.priced.lines.map((l, i) => ({
    id: newId("cnli"),
    accountId: ctx.accountId,
    creditNoteId: id,
    invoiceId: row.id,
    invoiceLineItemId: l.invoice_line_item_id,
    position: i,
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unit_price,
    amount: l.amount,
    discountAmount: l.discount_amount,
    taxRate: l.tax_rate,
    taxAmount: l.tax_amount,
  }));
  // The note as the API shows it; its number is only known inside the batch and patched in there.
  const object = toCreditNote({ ...note, number: "" }, lines, row.number, ctx.baseUrl);
  const numberPatch = [{ path: "$.object.number", value: sql`(SELECT ${creditNotes.number} FROM ${creditNotes} WHERE ${creditNotes.id} = ${id})` }];
  const who = { actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
  const refund =
    p.split.refund_amount > 0
      ? {
          id: newId("re"),
          accountId: ctx.accountId,
          invoiceId: row.id,
          creditNoteId: id,
          amount: p.split.refund_amount,
          currency: row.currency,
          createdAt: now,
        }
      : null;
  // The invoice as the note leaves it, apart from its row: its customer's balance, its refunds.
  const stateAfter: InvoiceState = { ...state, customer: customerAfter(state, p), refunds: refund ? [...state.refunds, refund] : state.refunds };
  const after = (guard: import("drizzle-orm").SQL): Statement[] => [
    guardedInsert(ctx.db, creditNotes, note as unknown as typeof creditNotes.$inferInsert, guard),
    ...lines.map((l) => guardedInsert(ctx.db, creditNoteLines, l, guard)),
    advanceSeries(ctx.db, ctx.accountId, series, guard),
    ...(refund ? [guardedInsert(ctx.db, refunds, refund, guard)] : []),
    ...(p.split.credit_amount > 0
      ? [
          ...balanceChange(
            ctx.db,
            {
              accountId: ctx.accountId,
              customerId: row.customerId,
              currency: row.currency,
              amount: p.split.credit_amount,
              type: "credit_note",
              creditNoteId: id,
              invoiceId: row.id,
              now,
              customer: state.customer,
              who,
            },
            guard,
          ),
        ]
      : []),
    eventInsert(ctx.db, ctx.accountId, { type: "credit_note", id }, { type: "credit_note.created", object, patches: numberPatch, ...who }, now, guard),
  ];
  return {
    row,
    set: {
      creditedAmount: facts.credited_amount,
      amountRefunded: row.amountRefunded + p.split.refund_amount,
      status,
      ...(status === "paid" && !row.paidAt ? { paidAt: now } : {}),
    },
    now,
    after,
    events: [
      { type: "invoice.updated", ...who, detail: { fields: ["credited_amount", "amount_refunded", "amount_due"], credit_note_id: id } },
      // Settled by this credit: the same event a payment that settles it writes.
      ...(status === "paid" && row.status !== "paid" ? [{ type: "invoice.paid", ...who, detail: { credit_note_id: id } }] : []),
    ],
    snapshot: (w: typeof row) => invoiceOf(stateAfter, w, ctx.baseUrl),
    stateAfter,
  };
}

/** The invoice embeds its customer: as the note's credit leaves its balance. */
const customerAfter = (state: InvoiceState, p: Plan) =>
  p.split.credit_amount > 0 ? withBalance(state.customer, state.row.currency, p.split.credit_amount) : state.customer;
