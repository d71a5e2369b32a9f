import { type SQL, sql } from "drizzle-orm";
import type { InvoiceRow } from "../../db/invoice-queries";
import { type InvoiceState, invoiceOf } from "../../db/invoice-state-queries";
import { applyGuardedChange, type InvoiceSet, type Statement } from "../../db/invoice-writes";
import { invoiceSequences } from "../../db/schema";
import { DomainError } from "../../domain/errors";
import { assertCanApply, deriveStatus, type InvoiceAction, type StatusFacts } from "../../domain/lifecycle";
import { numberSeries, SEQUENCE_DIGITS } from "../../domain/numbering";
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
    assertCanApply(t.action, row.status as InvoiceStatus, row.amountPaid);
    const now = ctx.now().toISOString();
    const facts = { ...factsOf(row), [t.stamps]: now };
    const status = deriveStatus(facts);
    const set: InvoiceSet = { status, [FACT_COLUMNS[t.stamps]]: now, ...t.set?.(current, now) };
    if (status === "paid" && !row.paidAt) set.paidAt = now;
    const written = await applyGuardedChange(ctx.db, {
      accountId: ctx.accountId,
      invoiceId: row.id,
      expectedVersion: row.version,
      set,
      now,
      after: t.after ? (guard) => t.after!(current, guard) : undefined,
      events: [{ type: t.event, actor: ctx.actor, requestId: ctx.requestId, data: { status } }],
    });
    return written ? { ...current, row: written } : RETRY;
  });
}

/** Loads, transitions, syncs the schedule once, answers the invoice. */
async function transition(ctx: InvoiceContext, id: string, t: Transition): Promise<Invoice> {
  const state = await applyTransition(ctx, await loadState(ctx, id), t);
  return withSchedule(ctx, invoiceOf(state, state.row, ctx.baseUrl));
}

/**
 * Assigns the next number of the invoice's series and fixes the invoice, in one D1 batch:
 * the number is computed from the sequence row inside the guarded UPDATE, and the sequence
 * only advances if that UPDATE happened, so numbers are gapless under any concurrency.
 */
const finalizing = (ctx: InvoiceContext): Transition => ({
  action: "finalize",
  stamps: "finalized_at",
  set: ({ row, account }) => {
    if (row.totalAmount < 0) throw new DomainError("line_items", "An invoice cannot total less than zero.");
    const series = numberSeries(account.invoice_prefix, row.issueDate);
    const last = sql`(SELECT ${invoiceSequences.lastValue} FROM ${invoiceSequences} WHERE ${invoiceSequences.accountId} = ${ctx.accountId} AND ${invoiceSequences.series} = ${series})`;
    return {
      // {series}-{NNNN}, formatted in SQL because the value is only known inside the batch.
      number: sql`${series} || '-' || printf(${`%0${SEQUENCE_DIGITS}d`}, COALESCE(${last}, 0) + 1)`,
      publicToken: randomToken(24),
      pdfToken: randomToken(24),
    };
  },
  // The sequence advances only if the invoice took the number: INSERT … SELECT … WHERE guard.
  after: ({ row, account }, guard) => [
    ctx.db
      .insert(invoiceSequences)
      .select(
        ctx.db
          .select({
            accountId: sql`${ctx.accountId}`.as("account_id"),
            series: sql`${numberSeries(account.invoice_prefix, row.issueDate)}`.as("series"),
            lastValue: sql`1`.as("last_value"),
          })
          .from(sql`(SELECT 1)`)
          .where(guard),
      )
      .onConflictDoUpdate({ target: [invoiceSequences.accountId, invoiceSequences.series], set: { lastValue: sql`${invoiceSequences.lastValue} + 1` } }),
  ],
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
  const viewed = await applyTransition(ctx, state, { action: "view", stamps: "viewed_at", event: "invoice.viewed" });
  return withSchedule(ctx, invoiceOf(viewed, viewed.row, ctx.baseUrl));
}

/** Recorded by the overdue alarm; idempotent because it is refused once overdue. */
export const markOverdue = (ctx: InvoiceContext, id: string) => transition(ctx, id, { action: "mark_overdue", stamps: "overdue_at", event: "invoice.overdue" });
