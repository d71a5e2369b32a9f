import type { InvoiceRow } from "../../db/invoice-queries";
import { isUniqueViolation } from "../../db/constraint-errors";
import { invoiceOf } from "../../db/invoice-state-queries";
import { applyGuardedChange } from "../../db/invoice-writes";
import { findPaymentByDedupeKey, type Payment, type PaymentRow, paymentFits, paymentInsert, toPayment } from "../../db/payment-queries";
import { DomainError } from "../../domain/errors";
import { amountDue, assertCanApply, deriveStatus } from "../../domain/lifecycle";
import type { Invoice, InvoiceStatus } from "../../domain/types";
import { newId } from "../../ids";
import { withSchedule, type InvoiceContext } from "./context";
import { loadInvoice, loadState, RETRY, withFreshRow } from "./load";
import { factsOf } from "./transitions";

export type PaymentInput = {
  amount: number;
  currency?: string;
  method?: string | null;
  reference?: string | null;
  paid_at?: string;
  /** The reporting system's event id; a payment with the same one is applied once. */
  external_id?: string | null;
  source?: "api" | "stripe" | "webhook";
};

export type RecordedPayment = { payment: Payment; invoice: Invoice; duplicate: boolean };

/**
 * Records a payment and moves the invoice to partially_paid or paid in one batch. Refuses a
 * wrong currency and anything above the amount due; the guard `amount_paid + amount <=
 * total_amount` sits in the UPDATE too, so concurrent payments cannot overpay together.
 */
export async function recordPayment(ctx: InvoiceContext, invoiceId: string, input: PaymentInput): Promise<RecordedPayment> {
  const dedupeKey = paymentDedupeKey(input.source ?? "api", invoiceId, input.external_id);
  if (dedupeKey) {
    const existing = await findPaymentByDedupeKey(ctx.db, ctx.accountId, dedupeKey);
    if (existing) return { payment: existing, invoice: await loadInvoice(ctx, existing.invoice_id), duplicate: true };
  }
  const recorded = await withFreshRow(ctx, await loadState(ctx, invoiceId), async (state) => {
    const { row } = state;
    assertCanApply("pay", row.status as InvoiceStatus);
    if (input.currency && input.currency.toUpperCase() !== row.currency)
      throw new DomainError("currency", `This invoice is in ${row.currency}; a ${input.currency.toUpperCase()} payment cannot be applied.`);
    const due = amountDue(factsOf(row));
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new DomainError("amount", "amount must be a positive integer in minor units.");
    if (input.amount > due) throw new DomainError("amount", `amount ${input.amount} exceeds the amount due (${due}); overpayments are refused.`);

    const now = ctx.now().toISOString();
    const paidAt = input.paid_at ? new Date(input.paid_at).toISOString() : now;
    // A day of slack for clocks and time zones; a payment dated later has not happened yet.
    if (Date.parse(paidAt) > ctx.now().getTime() + 86_400_000) throw new DomainError("paid_at", "paid_at cannot be in the future.");
    const facts = { ...factsOf(row), amount_paid: row.amountPaid + input.amount };
    const status = deriveStatus(facts);
    const payment: PaymentRow = {
      id: newId("pay"),
      accountId: ctx.accountId,
      invoiceId,
      amount: input.amount,
      currency: row.currency,
      method: input.method ?? null,
      reference: input.reference ?? null,
      source: input.source ?? "api",
      externalId: input.external_id ?? null,
      dedupeKey,
      paidAt,
      createdAt: now,
    };
    let written: InvoiceRow | null;
    try {
      written = await applyGuardedChange(ctx.db, {
        row,
        set: { amountPaid: facts.amount_paid, status, ...(status === "paid" ? { paidAt } : {}) },
        where: [paymentFits(input.amount)],
        now,
        after: (guard) => [paymentInsert(ctx.db, payment, guard)],
        events: [
          { type: "invoice.payment_succeeded", actor: ctx.actor, requestId: ctx.requestId, detail: { payment: toPayment(payment) } },
          ...(status === "paid" ? [{ type: "invoice.paid", actor: ctx.actor, requestId: ctx.requestId }] : []),
        ],
        snapshot: (w) => invoiceOf(state, w, ctx.baseUrl),
      });
    } catch (err) {
      // Two deliveries of one external event raced: the unique index rolled this one back.
      if (dedupeKey && isUniqueViolation(err)) {
        const existing = await findPaymentByDedupeKey(ctx.db, ctx.accountId, dedupeKey);
        if (existing) return { payment: existing, invoice: await loadInvoice(ctx, existing.invoice_id), duplicate: true };
      }
      throw err;
    }
    if (!written) return RETRY;
    return { payment: toPayment(payment), invoice: invoiceOf(state, written, ctx.baseUrl), duplicate: false };
  });
  // A payment can end the reminders (paid) and the overdue alarm.
  return recorded.duplicate ? recorded : { ...recorded, invoice: await withSchedule(ctx, recorded.invoice) };
}

/**
 * The key a repeat of this payment would carry. Senders do not share one namespace of ids (an
 * Idempotency-Key, a webhook event id and a PaymentIntent id can be the same string), so the
 * id is qualified by its source; an Idempotency-Key also by the invoice, because a key reused
 * after its 24 h on another invoice is a new payment, not that invoice's. Migration 0003
 * backfills the same format for older rows.
 */
export function paymentDedupeKey(source: NonNullable<PaymentInput["source"]>, invoiceId: string, externalId: string | null | undefined): string | null {
  if (!externalId) return null;
  return source === "api" ? `api:${invoiceId}:${externalId}` : `${source}:${externalId}`;
}
