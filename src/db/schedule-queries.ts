import { and, eq, inArray, isNotNull, lt, max, sql } from "drizzle-orm";
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

/** Ids of the account's invoices whose schedule can still change. */
export async function openInvoiceIds(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.accountId, accountId), inArray(invoices.status, [...OPEN_STATUSES])));
  return rows.map((r) => r.id);
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
