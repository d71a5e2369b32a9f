import { and, eq, type SQL, sql } from "drizzle-orm";
import type { InvoiceSchedule } from "../domain/schedules/schedule";
import type { Db } from "./client";
import { eventInsert, type NewEvent } from "./event-writes";
import { guardedInsert } from "./guarded-insert";
import type { InvoiceRow } from "./invoice-queries";
import { type InvoiceInsert, type LineItemInsert, lineItemsInsert, withColumnDefaults } from "./invoice-writes";
import { invoiceSchedules, invoices } from "./schema";

type Who = Pick<NewEvent, "actor" | "requestId">;

export type PeriodIssue = {
  schedule: Pick<InvoiceSchedule, "id" | "next_period" | "end">;
  period: number;
  /** The draft's row (its id derived from the period, its mutation id fresh) and lines. */
  row: InvoiceInsert & { id: string; accountId: string; mutationId: string };
  lines: LineItemInsert[];
  now: string;
  /** next_issue_at once this period is issued; null when it is the last. */
  nextIssueAt: string | null;
  /** This period is the schedule's last: the same batch completes it. */
  completes: boolean;
  who: Who;
  /** The invoice and the schedule as the batch leaves them, for the events. */
  invoiceObject: (written: InvoiceRow) => unknown;
  scheduleObject: () => unknown;
};

/**
 * Issues period n's invoice in one D1 batch, so it exists at most once and the schedule moves
 * past the period exactly when it does:
 *   1. the invoice, only if the schedule is still active, has not moved past n, still has the
 *      end it was read with, and has no invoice for n yet (INSERT … SELECT … WHERE, so a repeat
 *      writes nothing and fails nothing);
 *   2. its lines and its invoice.created event, only if 1 wrote (the fresh mutation id tells
 *      this batch's row from one an earlier run wrote under the same id);
 *   3. the schedule's progress (next_period, issued_count; completed after its last period)
 *      and, for the last, invoice_schedule.completed, only if 1 wrote.
 * Answers the row written, or null when nothing was (issued before, paused, canceled).
 */
export async function insertPeriodInvoice(db: Db, issue: PeriodIssue): Promise<InvoiceRow | null> {
  const { row, period, now, who } = issue;
  const scheduleId = issue.schedule.id;
  const ofSchedule = and(eq(invoiceSchedules.id, scheduleId), eq(invoiceSchedules.accountId, row.accountId));
  // The end as read: a PATCH of it since (not versioned against the runner) would make n past
  // the end, or not the last; nothing is written and the runner, re-armed at once, reads again.
  const { end } = issue.schedule;
  const afterCount = end !== null && "after_count" in end ? end.after_count : null;
  const onDate = end !== null && "on_date" in end ? end.on_date : null;
  const endAsRead = sql`${invoiceSchedules.endAfterCount} IS ${afterCount} AND ${invoiceSchedules.endOnDate} IS ${onDate}`;
  const mayIssue = sql`EXISTS (SELECT 1 FROM ${invoiceSchedules} WHERE ${ofSchedule} AND ${invoiceSchedules.status} = 'active' AND ${invoiceSchedules.nextPeriod} <= ${period} AND ${endAsRead})
    AND NOT EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.accountId} = ${row.accountId} AND ${invoices.scheduleId} = ${scheduleId} AND ${invoices.schedulePeriod} = ${period})`;
  const written: SQL = sql`EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.id} = ${row.id} AND ${invoices.accountId} = ${row.accountId} AND ${invoices.mutationId} = ${row.mutationId})`;
  const values = { ...row, scheduleId, schedulePeriod: period };
  const [inserted] = await db.batch([
    guardedInsert(db, invoices, values, mayIssue).returning(),
    lineItemsInsert(db, row.accountId, row.id, issue.lines, written),
    eventInsert(
      db,
      row.accountId,
      { type: "invoice", id: row.id },
      { type: "invoice.created", ...who, object: issue.invoiceObject(withColumnDefaults(values)) },
      now,
      written,
    ),
    db
      .update(invoiceSchedules)
      .set({
        nextPeriod: period + 1,
        issuedCount: sql`${invoiceSchedules.issuedCount} + 1`,
        lastIssuedAt: now,
        nextIssueAt: issue.nextIssueAt,
        ...(issue.completes ? { status: "completed", completedAt: now } : {}),
        version: sql`${invoiceSchedules.version} + 1`,
        updatedAt: now,
      })
      .where(and(ofSchedule, sql`${invoiceSchedules.nextPeriod} <= ${period}`, written)),
    ...(issue.completes
      ? [
          eventInsert(
            db,
            row.accountId,
            { type: "invoice_schedule", id: scheduleId },
            { type: "invoice_schedule.completed", ...who, object: issue.scheduleObject() },
            now,
            written,
          ),
        ]
      : []),
  ]);
  return (inserted as InvoiceRow[])[0] ?? null;
}

/**
 * The runner's bookkeeping: periods that went by unissued are skipped (next_period only moves
 * forward) and next_issue_at shows what the alarm is armed for. Not versioned: no API field a
 * merchant edits is touched. Answers whether anything changed.
 */
export async function writeScheduleProgress(
  db: Db,
  accountId: string,
  scheduleId: string,
  progress: { nextPeriod: number; nextIssueAt: string | null },
): Promise<boolean> {
  const rows = await db
    .update(invoiceSchedules)
    .set({ nextPeriod: sql`MAX(${invoiceSchedules.nextPeriod}, ${progress.nextPeriod})`, nextIssueAt: progress.nextIssueAt })
    .where(
      and(
        eq(invoiceSchedules.id, scheduleId),
        eq(invoiceSchedules.accountId, accountId),
        eq(invoiceSchedules.status, "active"),
        sql`(${invoiceSchedules.nextPeriod} < ${progress.nextPeriod} OR ${invoiceSchedules.nextIssueAt} IS NOT ${progress.nextIssueAt})`,
      ),
    )
    .returning({ id: invoiceSchedules.id });
  return rows.length > 0;
}

/**
 * Completes an active schedule whose remaining periods were all skipped (its end passed while
 * no alarm fired), with its event, in one batch; false when it was no longer active.
 */
export async function completeSchedule(
  db: Db,
  accountId: string,
  scheduleId: string,
  nextPeriod: number,
  now: string,
  who: Who,
  object: unknown,
): Promise<boolean> {
  const mutation = sql`${invoiceSchedules.completedAt} = ${now} AND ${invoiceSchedules.status} = 'completed'`;
  const ofSchedule = and(eq(invoiceSchedules.id, scheduleId), eq(invoiceSchedules.accountId, accountId));
  const [updated] = await db.batch([
    db
      .update(invoiceSchedules)
      .set({
        status: "completed",
        completedAt: now,
        nextPeriod: sql`MAX(${invoiceSchedules.nextPeriod}, ${nextPeriod})`,
        nextIssueAt: null,
        version: sql`${invoiceSchedules.version} + 1`,
        updatedAt: now,
      })
      .where(and(ofSchedule, eq(invoiceSchedules.status, "active")))
      .returning({ id: invoiceSchedules.id }),
    eventInsert(
      db,
      accountId,
      { type: "invoice_schedule", id: scheduleId },
      { type: "invoice_schedule.completed", ...who, object },
      now,
      sql`EXISTS (SELECT 1 FROM ${invoiceSchedules} WHERE ${ofSchedule} AND ${mutation})`,
    ),
  ]);
  return updated.length > 0;
}
