import type { InvoiceRow } from "../../db/invoice-queries";
import { applyGuardedChange, type ColumnValue, type SqlExpr } from "../../db/invoice-writes";
import { hasEventForKey } from "../../db/invoice-event-queries";
import { DomainError, StateConflictError } from "../../domain/errors";
import { assertCanApply, deriveStatus, type InvoiceAction, type StatusFacts } from "../../domain/lifecycle";
import { SEQUENCE_DIGITS, numberSeries } from "../../domain/numbering";
import type { Invoice, InvoiceStatus } from "../../domain/types";
import { randomToken } from "../../ids";
import { withSchedule, type InvoiceContext } from "./context";
import { RETRY, loadInvoice, loadInvoiceRow, withFreshInvoice } from "./load";

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

type Transition = {
  action: InvoiceAction;
  /** New facts, given the current row and the time. */
  facts: (row: InvoiceRow, now: string) => Partial<StatusFacts>;
  set?: (row: InvoiceRow, now: string) => Record<string, ColumnValue>;
  after?: (row: InvoiceRow, ctx: InvoiceContext) => (guard: SqlExpr) => D1PreparedStatement[];
  event: string;
  eventData?: (row: InvoiceRow) => Record<string, unknown>;
};

const FACT_COLUMNS: Record<keyof StatusFacts, string> = {
  finalized_at: "finalized_at",
  sent_at: "sent_at",
  viewed_at: "viewed_at",
  voided_at: "voided_at",
  uncollectible_at: "uncollectible_at",
  overdue_at: "overdue_at",
  total_amount: "total_amount",
  amount_paid: "amount_paid",
};

/** Applies a lifecycle transition under the optimistic-concurrency loop. */
async function transition(ctx: InvoiceContext, id: string, t: Transition, extra?: { data?: Record<string, unknown> }): Promise<Invoice> {
  return withFreshInvoice(ctx, id, async (row) => {
    try {
      assertCanApply(t.action, row.status as InvoiceStatus, row.amountPaid);
    } catch (err) {
      // A retry of a request whose change committed but whose answer was lost (the Worker died
      // in between) finds its own event and answers with the invoice, not a conflict.
      if (err instanceof StateConflictError && ctx.idempotencyKey && (await hasEventForKey(ctx.d1, ctx.accountId, id, t.event, ctx.idempotencyKey)))
        return loadInvoice(ctx, id);
      throw err;
    }
    const now = ctx.now().toISOString();
    const changed = t.facts(row, now);
    const facts = { ...factsOf(row), ...changed };
    const status = deriveStatus(facts);
    const set: Record<string, ColumnValue> = { status, ...t.set?.(row, now) };
    for (const [k, v] of Object.entries(changed)) set[FACT_COLUMNS[k as keyof StatusFacts]] = v as ColumnValue;
    if (status === "paid" && !row.paidAt) set.paid_at = now;
    const applied = await applyGuardedChange(ctx.d1, {
      accountId: ctx.accountId,
      invoiceId: id,
      expectedVersion: row.version,
      set,
      now,
      after: t.after?.(row, ctx),
      events: [
        {
          type: t.event,
          actor: ctx.actor,
          requestId: ctx.requestId,
          idempotencyKey: ctx.idempotencyKey,
          data: { status, ...t.eventData?.(row), ...extra?.data },
        },
      ],
    });
    return applied ? withSchedule(ctx, await loadInvoice(ctx, id)) : RETRY;
  });
}

/**
 * Assigns the next number of the invoice's series and fixes the invoice, in one D1 batch:
 * the number is computed from the sequence row inside the guarded UPDATE, and the sequence
 * only advances if that UPDATE happened, so numbers are gapless under any concurrency.
 */
export async function finalizeInvoice(ctx: InvoiceContext, id: string, prefix: string): Promise<Invoice> {
  return transition(ctx, id, {
    action: "finalize",
    facts: (_row, now) => ({ finalized_at: now }),
    set: (row) => {
      if (row.totalAmount < 0) throw new DomainError("line_items", "An invoice cannot total less than zero.");
      const series = numberSeries(prefix, row.issueDate);
      return {
        number: {
          // {series}-{NNNN}, formatted in SQL because the value is only known inside the batch.
          sql: `? || '-' || printf('%0${SEQUENCE_DIGITS}d', COALESCE((SELECT last_value FROM invoice_sequences WHERE account_id = ? AND series = ?), 0) + 1)`,
          params: [series, ctx.accountId, series],
        },
        public_token: randomToken(24),
        pdf_token: randomToken(24),
      };
    },
    after: (row) => (guard) => {
      const series = numberSeries(prefix, row.issueDate);
      return [
        ctx.d1
          .prepare(
            `INSERT INTO invoice_sequences (account_id, series, last_value) SELECT ?, ?, 1 WHERE ${guard.sql}
             ON CONFLICT (account_id, series) DO UPDATE SET last_value = last_value + 1`,
          )
          .bind(ctx.accountId, series, ...guard.params),
      ];
    },
    event: "invoice.finalized",
  });
}

export const voidInvoice = (ctx: InvoiceContext, id: string) =>
  transition(ctx, id, { action: "void", facts: (_r, now) => ({ voided_at: now }), event: "invoice.voided" });

export const markUncollectible = (ctx: InvoiceContext, id: string) =>
  transition(ctx, id, { action: "mark_uncollectible", facts: (_r, now) => ({ uncollectible_at: now }), event: "invoice.marked_uncollectible" });

/** The customer opened the pay page; only the first view is recorded. Null when already viewed. */
export async function markViewed(ctx: InvoiceContext, id: string): Promise<Invoice | null> {
  const row = await loadInvoiceRow(ctx, id);
  if (row.viewedAt) return null;
  return transition(ctx, id, { action: "view", facts: (r, now) => ({ viewed_at: r.viewedAt ?? now }), event: "invoice.viewed" });
}

/** Recorded by the overdue alarm; idempotent because it is refused once overdue. */
export const markOverdue = (ctx: InvoiceContext, id: string) =>
  transition(ctx, id, { action: "mark_overdue", facts: (_r, now) => ({ overdue_at: now }), event: "invoice.overdue" });
