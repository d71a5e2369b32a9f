import type { SQL } from "drizzle-orm";
import type { InvoiceRow } from "../../db/invoice-queries";
import { type InvoiceState, invoiceOf } from "../../db/invoice-state-queries";
import { applyGuardedChange, type InvoiceSet, type Statement } from "../../db/invoice-writes";
import { advanceSeries, nextNumber } from "../../db/invoice-numbers";
import { hasEventForKey } from "../../db/event-queries";
import { DomainError, StateConflictError } from "../../domain/errors";
import { IDEMPOTENCY_KEY_TTL_MS } from "../../domain/idempotency";
import { assertCanApply, deriveStatus, type InvoiceAction, type StatusFacts } from "../../domain/lifecycle";
import { numberSeries } from "../../domain/numbering";
import type { Invoice, InvoiceStatus } from "../../domain/types";
import { randomToken } from "../../ids";
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

type Transition = {
  action: InvoiceAction;
  /** The fact it stamps with the time. */
  stamps: StampedFact;
  /** Already done on this row (decided on every attempt): nothing is written, the state is the answer. */
  done?: (row: InvoiceRow) => boolean;
  set?: (state: InvoiceState, now: string) => InvoiceSet;
  /** Statements that take effect only with the guarded write (`guard`). */
  after?: (state: InvoiceState, guard: SQL) => Statement[];
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
    const facts = { ...factsOf(row), [t.stamps]: now };
    const status = deriveStatus(facts);
    const set: InvoiceSet = { status, [FACT_COLUMNS[t.stamps]]: now, ...t.set?.(current, now) };
    if (status === "paid" && !row.paidAt) set.paidAt = now;
    const written = await applyGuardedChange(ctx.db, {
      row,
      set,
      now,
      after: t.after ? (guard) => t.after!(current, guard) : undefined,
      events: [{ type: t.event, actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey }],
      snapshot: (w) => invoiceOf(current, w, ctx.baseUrl),
    });
    return written ? { ...current, row: written } : RETRY;
  });
}

/** Loads, transitions, syncs the schedule once, answers the invoice. */
async function transition(ctx: InvoiceContext, id: string, t: Transition): Promise<Invoice> {
  const state = await applyTransition(ctx, await loadState(ctx, id), t);
  return withSchedule(ctx, invoiceOf(state, state.row, ctx.baseUrl));
}

/** Assigns the next number of the invoice's series and fixes the invoice, in one D1 batch (src/db/invoice-numbers.ts). */
const finalizing = (ctx: InvoiceContext): Transition => ({
  action: "finalize",
  stamps: "finalized_at",
  set: ({ row, account }) => {
    if (row.totalAmount < 0) throw new DomainError("line_items", "An invoice cannot total less than zero.");
    return { number: nextNumber(ctx.accountId, numberSeries(account.invoice_prefix, row.issueDate)), publicToken: randomToken(24), pdfToken: randomToken(24) };
  },
  after: ({ row, account }, guard) => [advanceSeries(ctx.db, ctx.accountId, numberSeries(account.invoice_prefix, row.issueDate), guard)],
  event: "invoice.finalized",
});

/** Finalizes a loaded draft without syncing its schedule: for callers that go on (a send). */
export const finalizeLoaded = (ctx: InvoiceContext, state: InvoiceState) => applyTransition(ctx, state, finalizing(ctx));

export const finalizeInvoice = (ctx: InvoiceContext, id: string) => transition(ctx, id, finalizing(ctx));

export const voidInvoice = (ctx: InvoiceContext, id: string) => transition(ctx, id, { action: "void", stamps: "voided_at", event: "invoice.voided" });

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
