import { and, asc, eq, inArray, isNotNull, lt, max, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { OPEN_STATUSES } from "../domain/lifecycle";
import { effectivePolicy, type ScheduleFacts } from "../domain/reminders";
import type { InvoiceStatus } from "../domain/types";
import type { Db } from "./client";
import { accounts, customers, deliveries, invoices } from "./schema";

/** What the scheduler knows about one invoice, read from D1 in one query. */
export type ScheduleSnapshot = { facts: ScheduleFacts; nextReminderAt: string | null };

/**
 * The invoice's schedule facts: its dates and counters, the account's time zone, the policy
 * in force and when the latest reminder left (from the delivery records, so a reminder sent
 * by hand counts too). Null when the invoice is gone.
 */
export async function loadScheduleSnapshot(db: Db, accountId: string, invoiceId: string): Promise<ScheduleSnapshot | null> {
  const lastReminder = db
    .select({ at: max(deliveries.sentAt) })
    .from(deliveries)
    .where(
      and(eq(deliveries.accountId, invoices.accountId), eq(deliveries.invoiceId, invoices.id), eq(deliveries.kind, "reminder"), eq(deliveries.status, "sent")),
    );
  const [row] = await db
    .select({
      status: invoices.status,
      sentAt: invoices.sentAt,
      dueDate: invoices.dueDate,
      overdueAt: invoices.overdueAt,
      remindersEnabled: invoices.remindersEnabled,
      reminderPolicy: invoices.reminderPolicy,
      remindersSent: invoices.remindersSent,
      nextReminderAt: invoices.nextReminderAt,
      timezone: accounts.timezone,
      accountPolicy: accounts.reminderPolicy,
      customerEmail: customers.email,
      lastReminderAt: sql<string | null>`(${lastReminder})`,
    })
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .leftJoin(customers, and(eq(customers.id, invoices.customerId), eq(customers.accountId, invoices.accountId)))
    .where(and(eq(invoices.id, invoiceId), eq(invoices.accountId, accountId)))
    .limit(1);
  if (!row) return null;
  return {
    nextReminderAt: row.nextReminderAt,
    facts: {
      status: row.status as InvoiceStatus,
      sent_at: row.sentAt,
      due_date: row.dueDate,
      time_zone: row.timezone,
      overdue_at: row.overdueAt,
      reminders_enabled: row.remindersEnabled,
      has_recipient: Boolean(row.customerEmail),
      reminders_sent: row.remindersSent,
      last_reminder_at: row.lastReminderAt,
      policy: effectivePolicy(row.reminderPolicy, row.accountPolicy),
    },
  };
}

/**
 * Makes the invoice's next_reminder_at show the reminder the alarm is armed for. Not a
 * versioned write: it is the scheduler's bookkeeping, not a change a concurrent editor could
 * conflict with, and it is skipped when the value is already right.
 */
export async function writeNextReminderAt(db: Db, accountId: string, invoiceId: string, at: string | null): Promise<void> {
  await db
    .update(invoices)
    .set({ nextReminderAt: at })
    .where(and(eq(invoices.id, invoiceId), eq(invoices.accountId, accountId), sql`${invoices.nextReminderAt} IS NOT ${at}`));
}

/** A due reminder that is being retried is due at the retry: moves next_reminder_at later, never earlier. */
export async function postponeNextReminder(db: Db, accountId: string, invoiceId: string, at: string): Promise<void> {
  await db
    .update(invoices)
    .set({ nextReminderAt: at })
    .where(and(eq(invoices.id, invoiceId), eq(invoices.accountId, accountId), isNotNull(invoices.nextReminderAt), lt(invoices.nextReminderAt, at)));
}

/**
 * One page of the account's open invoice ids, after the invoice `after`, in (created_at, id)
 * order: the keyset the index (account_id, created_at, id) answers, so a page reads from the
 * cursor on and never the pages before it. Not id order: ids are random and no index has
 * (account_id, id), so that order would read and sort every open invoice of the account for
 * each page. The cursor was an open invoice when it was read, and only drafts are ever
 * deleted, so its created_at is always there to compare with.
 */
export async function openInvoiceIdsPage(db: Db, accountId: string, after: string | undefined, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(
        eq(invoices.accountId, accountId),
        inArray(invoices.status, [...OPEN_STATUSES]),
        after === undefined ? undefined : afterInvoice(db, accountId, after),
      ),
    )
    .orderBy(asc(invoices.createdAt), asc(invoices.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Rows after the invoice `invoiceId` in (created_at, id) order, as a row-value range the index can seek to. */
function afterInvoice(db: Db, accountId: string, invoiceId: string) {
  const cursor = alias(invoices, "cursor");
  const cursorCreatedAt = db
    .select({ createdAt: cursor.createdAt })
    .from(cursor)
    .where(and(eq(cursor.accountId, accountId), eq(cursor.id, invoiceId)));
  return sql`(${invoices.createdAt}, ${invoices.id}) > ((${cursorCreatedAt}), ${invoiceId})`;
}

/** Invoices whose reminder should have fired before `before` but is still pending: a lost alarm. */
export async function invoicesWithLateReminders(db: Db, before: string, limit: number) {
  return db
    .select({ accountId: invoices.accountId, id: invoices.id })
    .from(invoices)
    .where(
      and(
        isNotNull(invoices.nextReminderAt),
        lt(invoices.nextReminderAt, before),
        eq(invoices.remindersEnabled, true),
        inArray(invoices.status, [...OPEN_STATUSES]),
      ),
    )
    .limit(limit);
}
