import { and, eq, lt } from "drizzle-orm";
import { keyset, type PageRequest } from "./pagination";
import type { ReminderPolicy } from "../domain/reminders";
import type { InvoiceSchedule, IssueMode, ScheduleStatus } from "../domain/schedules/schedule";
import type { Anchor, Interval } from "../domain/schedules/periods";
import type { LineInput } from "../domain/totals";
import type { Discount, PaymentLinkDisplay } from "../domain/types";
import type { Db } from "./client";
import { invoiceSchedules } from "./schema";

export type ScheduleRow = typeof invoiceSchedules.$inferSelect;

/** A schedule row as the API shows it. */
export function toSchedule(row: ScheduleRow): InvoiceSchedule {
  return {
    id: row.id,
    object: "invoice_schedule",
    customer_id: row.customerId,
    status: row.status as ScheduleStatus,
    interval: row.interval as Interval,
    interval_count: row.intervalCount,
    start_date: row.startDate,
    anchor: row.anchor as Anchor,
    time_zone: row.timeZone,
    issue_time: row.issueTime,
    end: row.endAfterCount !== null ? { after_count: row.endAfterCount } : row.endOnDate !== null ? { on_date: row.endOnDate } : null,
    backfill: row.backfill,
    issue: row.issue as IssueMode,
    currency: row.currency,
    line_items: row.lineItems as LineInput[],
    discount: (row.discount as Discount | null) ?? null,
    days_until_due: row.daysUntilDue,
    payment_terms: row.paymentTerms,
    memo: row.memo,
    notes: row.notes,
    purchase_order_number: row.purchaseOrderNumber,
    payment_link_display: (row.paymentLinkDisplay as PaymentLinkDisplay | null) ?? null,
    reminders_enabled: row.remindersEnabled,
    reminder_policy: (row.reminderPolicy as ReminderPolicy | null) ?? null,
    metadata: row.metadata ?? {},
    next_period: row.nextPeriod,
    issued_count: row.issuedCount,
    next_issue_at: row.nextIssueAt,
    last_issued_at: row.lastIssuedAt,
    active_since: row.activeSince,
    paused_at: row.pausedAt,
    canceled_at: row.canceledAt,
    completed_at: row.completedAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/** The row holding `s`: toSchedule's inverse. */
export function toScheduleRow(s: InvoiceSchedule, accountId: string): ScheduleRow {
  return {
    id: s.id,
    accountId,
    customerId: s.customer_id,
    status: s.status,
    interval: s.interval,
    intervalCount: s.interval_count,
    startDate: s.start_date,
    anchor: s.anchor,
    timeZone: s.time_zone,
    issueTime: s.issue_time,
    endAfterCount: s.end !== null && "after_count" in s.end ? s.end.after_count : null,
    endOnDate: s.end !== null && "on_date" in s.end ? s.end.on_date : null,
    backfill: s.backfill,
    issue: s.issue,
    currency: s.currency,
    lineItems: s.line_items,
    discount: s.discount,
    daysUntilDue: s.days_until_due,
    paymentTerms: s.payment_terms,
    memo: s.memo,
    notes: s.notes,
    purchaseOrderNumber: s.purchase_order_number,
    paymentLinkDisplay: s.payment_link_display,
    remindersEnabled: s.reminders_enabled,
    reminderPolicy: s.reminder_policy,
    metadata: s.metadata,
    nextPeriod: s.next_period,
    issuedCount: s.issued_count,
    nextIssueAt: s.next_issue_at,
    lastIssuedAt: s.last_issued_at,
    activeSince: s.active_since,
    pausedAt: s.paused_at,
    canceledAt: s.canceled_at,
    completedAt: s.completed_at,
    version: 1,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}

export async function findScheduleRow(db: Db, accountId: string, id: string): Promise<ScheduleRow | undefined> {
  const [row] = await db
    .select()
    .from(invoiceSchedules)
    .where(and(eq(invoiceSchedules.id, id), eq(invoiceSchedules.accountId, accountId)))
    .limit(1);
  return row;
}

/** Active schedules whose next issue passed before `before` without the runner moving on: a lost alarm. */
export async function schedulesWithLostAlarms(db: Db, before: string, limit: number) {
  return db
    .select({ accountId: invoiceSchedules.accountId, id: invoiceSchedules.id })
    .from(invoiceSchedules)
    .where(and(eq(invoiceSchedules.status, "active"), lt(invoiceSchedules.nextIssueAt, before)))
    .limit(limit);
}

export async function findSchedule(db: Db, accountId: string, id: string): Promise<InvoiceSchedule | null> {
  const row = await findScheduleRow(db, accountId, id);
  return row ? toSchedule(row) : null;
}

export type ScheduleListFilters = { customer_id?: string; status?: ScheduleStatus };

/** The account's schedules, newest first; null when the cursor names no schedule of the account. */
export async function listSchedules(db: Db, accountId: string, page: PageRequest & ScheduleListFilters) {
  const cursorId = page.starting_after ?? page.ending_before;
  const cursorRow = cursorId ? await findScheduleRow(db, accountId, cursorId) : undefined;
  if (cursorId && !cursorRow) return null;
  const k = keyset(invoiceSchedules.createdAt, invoiceSchedules.id, "desc", page, cursorRow ? { value: cursorRow.createdAt, id: cursorRow.id } : null);
  const rows = await db
    .select()
    .from(invoiceSchedules)
    .where(
      and(
        eq(invoiceSchedules.accountId, accountId),
        page.customer_id ? eq(invoiceSchedules.customerId, page.customer_id) : undefined,
        page.status ? eq(invoiceSchedules.status, page.status) : undefined,
        k.condition,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.take);
  const { data, has_more } = k.finish(rows);
  return { data: data.map(toSchedule), has_more };
}
