import type { AccountRow } from "../../db/account-queries";
import { sha256Hex } from "../../auth/api-key-token";
import { noteDeliveryError } from "../../db/delivery-queries";
import { type InvoiceState, invoiceOf, loadAccountAndCustomer, loadInvoiceState } from "../../db/invoice-state-queries";
import { insertPeriodInvoice } from "../../db/schedule-issue-writes";
import { NotFoundError } from "../../domain/errors";
import { type InvoiceSchedule, type IssueMode, isFinalPeriod, periodInvoice, scheduleNextIssueAt } from "../../domain/schedules/schedule";
import type { Customer } from "../../domain/types";
import { newId } from "../../ids";
import { sendInvoice } from "../delivery/send-invoice";
import { type InvoiceContext, syncSchedule } from "../invoices/context";
import { draftRow, draftState, type InvoiceInput, storedLines } from "../invoices/drafts";
import { finalizeLoaded } from "../invoices/transitions";
import type { Mailer } from "../mail/mailer";
import { onceMailer, type SendNotes } from "../reminders/once-mailer";

/** The key of period n's invoice: its id derives from it, and its email is sent once under it. */
export const periodKey = (scheduleId: string, n: number) => `schedule:${scheduleId}:${n}`;

/** Period n's invoice id: the same on every run, so a repeat finds the invoice instead of making another. */
export const periodInvoiceId = async (accountId: string, scheduleId: string, n: number) =>
  `inv_${(await sha256Hex(`${accountId}\n${periodKey(scheduleId, n)}`)).slice(0, 24)}`;

/** The invoice input for period n, from the schedule's template as it is now. */
export function periodInput(schedule: InvoiceSchedule, n: number, at: Date, locale: string): InvoiceInput {
  const fields = periodInvoice(schedule, n, at, locale);
  return {
    customer_id: schedule.customer_id,
    issue_date: fields.issue_date,
    ...(fields.due_date === null ? {} : { due_date: fields.due_date }),
    currency: schedule.currency,
    line_items: fields.line_items,
    payment_terms: fields.payment_terms,
    discount: schedule.discount,
    notes: fields.notes,
    memo: fields.memo,
    purchase_order_number: schedule.purchase_order_number,
    billing_period: fields.billing_period,
    payment_link_display: schedule.payment_link_display,
    reminders_enabled: schedule.reminders_enabled,
    reminder_policy: schedule.reminder_policy,
    metadata: schedule.metadata,
  };
}

/**
 * The account and the customer a schedule bills, as its invoices are priced for them now. A
 * customer a schedule names cannot be deleted, so a missing one is the request's customer_id
 * (on create) or a schedule whose data is broken.
 */
export async function loadScheduleParties(ctx: InvoiceContext, customerId: string): Promise<{ accountRow: AccountRow; customer: Customer }> {
  const { accountRow, customer } = await loadAccountAndCustomer(ctx.db, ctx.accountId, customerId);
  if (!accountRow) throw new NotFoundError("account");
  if (!customer) throw new NotFoundError("customer", customerId).asParam("customer_id");
  return { accountRow, customer };
}

/**
 * Makes sure period n's draft exists: creates it (src/db/schedule-issue-writes.ts) or finds
 * the one an earlier run created. Null when there is none and none may be made (the schedule
 * was paused, canceled or moved past n since it was read, or the draft was deleted).
 */
export async function issuePeriodDraft(ctx: InvoiceContext, schedule: InvoiceSchedule, n: number): Promise<InvoiceState | null> {
  const id = await periodInvoiceId(ctx.accountId, schedule.id, n);
  const { accountRow, customer } = await loadScheduleParties(ctx, schedule.customer_id);
  const now = ctx.now();
  const iso = now.toISOString();
  const { row, lines } = draftRow(ctx, periodInput(schedule, n, now, customer.locale ?? "en-US"), accountRow, customer, id);
  const completes = isFinalPeriod(schedule, n);
  const after = { ...schedule, next_period: n + 1, issued_count: schedule.issued_count + 1, last_issued_at: iso, updated_at: iso };
  const nextIssueAt = completes ? null : scheduleNextIssueAt(after, now);
  const written = await insertPeriodInvoice(ctx.db, {
    schedule,
    period: n,
    row: { ...row, id, accountId: ctx.accountId, mutationId: newId("mut") },
    lines,
    now: iso,
    nextIssueAt,
    completes,
    who: { actor: ctx.actor, requestId: ctx.requestId },
    invoiceObject: (w) => invoiceOf({ lines: storedLines(ctx.accountId, id, lines), customer, refunds: [] }, w, ctx.baseUrl),
    scheduleObject: () => ({ ...after, status: "completed", completed_at: iso, next_issue_at: null }),
  });
  if (written) return draftState(ctx, written, lines, customer, accountRow);
  return loadInvoiceState(ctx.db, ctx.accountId, id);
}

/**
 * Takes period n's invoice as far as the schedule said when it was issued: finalized (the next
 * gapless number, the reminder and overdue alarms armed) and, for "send", emailed once under
 * the period's key. Every step is skipped when already done, so a run that died part-way is
 * finished by the next one; `notes` are the runner's record of a mail in flight (once-mailer.ts).
 */
export async function carryOutPeriod(ctx: InvoiceContext, state: InvoiceState, issue: IssueMode, key: string, notes: SendNotes): Promise<void> {
  let current = state;
  if (issue !== "draft" && current.row.status === "draft") {
    current = await finalizeLoaded(ctx, current);
    if (issue === "finalize") await syncSchedule(ctx, current.row.id);
  } else if (issue === "finalize") await syncSchedule(ctx, current.row.id);
  if (issue !== "send") return;
  const once = onceMailer(
    ctx.mailer,
    notes,
    key,
    () => ctx.now().getTime(),
    async () => null,
  );
  const result = await sendInvoice({ ...ctx, mailer: once.mailer satisfies Mailer }, current.row.id, {}, key);
  if (once.outcome() === "outcome_unknown" && !result.duplicate)
    await noteDeliveryError(
      ctx.db,
      ctx.accountId,
      result.deliveryId,
      "Outcome unknown: the schedule runner stopped while the mail provider call was in flight; recorded as sent and not repeated, so the invoice is emailed at most once.",
    );
  notes.delete(key);
}
