import { and, eq, lt } from "drizzle-orm";
import type { ReminderPolicy } from "../domain/reminders";
import type { InvoiceSchedule, IssueMode, ScheduleStatus } from "../domain/schedules/schedule";
import type { Interval } from "../domain/schedules/periods";
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
