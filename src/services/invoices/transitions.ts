import type { SQL } from "drizzle-orm";
import type { InvoiceRow } from "../../db/invoice-queries";
import { type InvoiceState, invoiceOf } from "../../db/invoice-state-queries";
import { applyGuardedChange, type InvoiceSet, type Statement } from "../../db/invoice-writes";
import { advanceSeries, nextNumber } from "../../db/invoice-numbers";
import { hasEventForKey } from "../../db/event-queries";
import { DomainError, StateConflictError } from "../../domain/errors";
import { IDEMPOTENCY_KEY_TTL_MS } from "../../domain/idempotency";
import { amountDue, assertCanApply, deriveStatus, type InvoiceAction, type StatusFacts } from "../../domain/lifecycle";
import { issuedPartiesOf } from "../../domain/issued-parties";
import { numberSeries } from "../../domain/numbering";
import type { Customer, Invoice, InvoiceStatus } from "../../domain/types";
import { randomToken } from "../../ids";
import { assertEInvoiceable } from "../e-invoice/render";
import { balanceApplication } from "./apply-balance";
import { type InvoiceContext, withSchedule } from "./context";
import { loadState, RETRY, withFreshRow } from "./load";

export function factsOf(row: InvoiceRow): StatusFacts {
  return {
    finalized_at: row.finalizedAt,
    sent_at: row.sentAt,
    viewed_at: row.viewedAt,
    voided_at: row.voidedAt,
    uncollectible_at: row.uncollectibleAt,
    overdue_at: row.overdueAt,
    total_amount: row.totalAmount,
    amount_paid: row.amountPaid,
    credited_amount: row.creditedAmount,
    applied_balance: row.appliedBalance,
  };
}

/** The fact columns a transition may stamp. */
type StampedFact = "finalized_at" | "viewed_at" | "voided_at" | "uncollectible_at" | "overdue_at";
const FACT_COLUMNS = {
  finalized_at: "finalizedAt",
  viewed_at: "viewedAt",
  voided_at: "voidedAt",
  uncollectible_at: "uncollectibleAt",
  overdue_at: "overdueAt",
} as const satisfies Record<StampedFact, keyof InvoiceRow>;

/** What a transition writes besides its stamp, decided on the state as read (again on every attempt). */
type TransitionChange = {
  set?: InvoiceSet;
  /** The facts `set` changes: the status is derived from the invoice as written. */
  facts?: Partial<StatusFacts>;
  /** More conditions on the guarded UPDATE; when one fails, the state is read again and the change decided again. */
  where?: SQL[];
  /** Statements that take effect only with the guarded write (`guard`). */
  after?: (guard: SQL) => Statement[];
  /** The customer as the change leaves it (its balance), for the invoice as answered and in its events. */
  customer?: Customer;
  /** Events beside the transition's own. */
  events?: string[];
};

type Transition = {
  action: InvoiceAction;
  /** The fact it stamps with the time. */
  stamps: StampedFact;
  /** Already done on this row (decided on every attempt): nothing is written, the state is the answer. */
  done?: (row: InvoiceRow) => boolean;
  change?: (state: InvoiceState, now: string) => TransitionChange;
  event: string;
};

/**
 * Applies a lifecycle transition to a loaded invoice under optimistic concurrency: the state
 * as written, without a schedule sync (the caller syncs once, when it is done).
 */
async function applyTransition(ctx: InvoiceContext, state: InvoiceState, t: Transition): Promise<InvoiceState> {
  return withFreshRow(ctx, state, async (current) => {
    const { row } = current;
    if (t.done?.(row)) return current;
    try {
      assertCanApply(t.action, row.status as InvoiceStatus, row.amountPaid);
    } catch (err) {
      // A retry of a request whose change committed but whose answer was lost (the Worker died
      // in between) finds its own event and answers with the invoice, not a conflict.
      // A key reused after its lifetime is a new request, and a conflict is its answer.
      const since = new Date(ctx.now().getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString();
      if (err instanceof StateConflictError && ctx.idempotencyKey && (await hasEventForKey(ctx.db, ctx.accountId, row.id, t.event, ctx.idempotencyKey, since)))
        return current;
      throw err;
    }
    const now = ctx.now().toISOString();
    const change = t.change?.(current, now) ?? {};
    const facts = { ...factsOf(row), ...change.facts, [t.stamps]: now };
    const status = deriveStatus(facts);
    const set: InvoiceSet = { status, [FACT_COLUMNS[t.stamps]]: now, ...change.set };
    if (status === "paid" && !row.paidAt) set.paidAt = now;
    const next = { ...current, customer: change.customer ?? current.customer };
    const who = { actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
    const written = await applyGuardedChange(ctx.db, {
      row,
      set,
      now,
      where: change.where,
      after: change.after,
      events: [t.event, ...(change.events ?? [])].map((type) => ({ type, ...who })),
      snapshot: (w) => invoiceOf(next, w, ctx.baseUrl),
    });
    return written ? { ...next, row: written } : RETRY;
  });
}

/** Loads, transitions, syncs the schedule once, answers the invoice. */
async function transition(ctx: InvoiceContext, id: string, t: Transition): Promise<Invoice> {
  const state = await applyTransition(ctx, await loadState(ctx, id), t);
  return withSchedule(ctx, invoiceOf(state, state.row, ctx.baseUrl));
}

/**
 * Assigns the next number of the invoice's series and fixes the invoice, in one D1 batch
 * (src/db/invoice-numbers.ts); the customer's credit balance in its currency pays what it
 * can of it in the same batch, and an invoice it pays in full is paid at once.
 */
const finalizing = (ctx: InvoiceContext): Transition => ({
  action: "finalize",
  stamps: "finalized_at",
  change: (state, now) => {
    const { row, account } = state;
    if (row.totalAmount < 0) throw new DomainError("line_items", "An invoice cannot total less than zero.");
    // A customer who must receive e-invoices never gets a numbered invoice that could not be one.
    if (state.customer.e_invoicing === "required") assertEInvoiceable({ kind: "invoice", invoice: invoiceOf(state, row, ctx.baseUrl), account });
    const series = numberSeries(account.invoice_prefix, row.issueDate);
    const balance = balanceApplication(ctx, state, amountDue(factsOf(row)), now);
    const appliedBalance = row.appliedBalance + (balance?.applied ?? 0);
    const settled = balance !== null && amountDue({ ...factsOf(row), applied_balance: appliedBalance }) === 0;
    return {
      set: {
        number: nextNumber(ctx.accountId, series),
        publicToken: randomToken(24),
        pdfToken: randomToken(24),
        // From the same read the e-invoice check above saw: what the documents will show.
        issuedParties: issuedPartiesOf(account, state.customer),
        ...(balance ? { appliedBalance } : {}),
      },
      facts: { applied_balance: appliedBalance },
      where: balance?.where,
      after: (guard) => [advanceSeries(ctx.db, ctx.accountId, series, guard), ...(balance?.after(guard) ?? [])],
      customer: balance?.customer,
      events: settled ? ["invoice.paid"] : [],
    };
  },
  event: "invoice.finalized",
});

/** Finalizes a loaded draft without syncing its schedule: for callers that go on (a send). */
export const finalizeLoaded = (ctx: InvoiceContext, state: InvoiceState) => applyTransition(ctx, state, finalizing(ctx));

export const finalizeInvoice = (ctx: InvoiceContext, id: string) => transition(ctx, id, finalizing(ctx));

export const voidInvoice = (ctx: InvoiceContext, id: string) =>
  transition(ctx, id, {
    action: "void",
    stamps: "voided_at",
    change: ({ row }) => {
      // Like a payment, the balance it used is the customer's money: a credit note gives it back (credit_amount).
      if (row.appliedBalance > 0)
        throw new StateConflictError(
          "invoice_has_applied_balance",
          "The customer's credit balance paid part of this invoice, so it cannot be voided; issue a credit note instead (its credit_amount returns the balance).",
        );
      // Its credit notes correct it: voiding it under them would leave documents that correct nothing.
      if (row.creditedAmount > 0)
        throw new StateConflictError("invoice_has_credit_notes", "Credit notes correct this invoice, so it cannot be voided; credit what is left instead.");
      return {};
    },
    event: "invoice.voided",
  });

export const markUncollectible = (ctx: InvoiceContext, id: string) =>
  transition(ctx, id, { action: "mark_uncollectible", stamps: "uncollectible_at", event: "invoice.marked_uncollectible" });

/** The customer opened the pay page; only the first view is recorded. Null when already viewed. */
export async function markViewed(ctx: InvoiceContext, id: string): Promise<Invoice | null> {
  const state = await loadState(ctx, id);
  if (state.row.viewedAt) return null;
  // Two first views racing: the one that loses the write finds viewed_at set and records nothing.
  const viewed = await applyTransition(ctx, state, { action: "view", stamps: "viewed_at", event: "invoice.viewed", done: (row) => row.viewedAt !== null });
  return withSchedule(ctx, invoiceOf(viewed, viewed.row, ctx.baseUrl));
}

/** Recorded by the overdue alarm; idempotent because it is refused once overdue. */
export const markOverdue = (ctx: InvoiceContext, id: string) => transition(ctx, id, { action: "mark_overdue", stamps: "overdue_at", event: "invoice.overdue" });
