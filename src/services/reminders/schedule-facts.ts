import { effectivePolicy, type ScheduleFacts } from "../../domain/reminders";
import type { InvoiceStatus } from "../../domain/types";

/** What the scheduler knows about one invoice, read from D1 in one query. */
export type ScheduleSnapshot = { facts: ScheduleFacts; nextReminderAt: string | null };

type Row = {
  status: string;
  sent_at: string | null;
  due_date: string;
  overdue_at: string | null;
  reminders_enabled: number;
  reminder_policy: string | null;
  reminders_sent: number;
  next_reminder_at: string | null;
  timezone: string;
  account_policy: string | null;
  customer_email: string | null;
  last_reminder_at: string | null;
};

const parse = (json: string | null): unknown => {
  if (!json) return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
};

/**
 * The invoice's schedule facts: its dates and counters, the account's time zone, the policy
 * in force and when the latest reminder left (from the delivery records, so a reminder sent
 * by hand counts too). Null when the invoice is gone.
 */
export async function loadScheduleSnapshot(d1: D1Database, accountId: string, invoiceId: string): Promise<ScheduleSnapshot | null> {
  const row = await d1
    .prepare(
      `SELECT i.status, i.sent_at, i.due_date, i.overdue_at, i.reminders_enabled, i.reminder_policy, i.reminders_sent, i.next_reminder_at,
              a.timezone, a.reminder_policy AS account_policy, c.email AS customer_email,
              (SELECT MAX(d.sent_at) FROM deliveries d
                WHERE d.account_id = i.account_id AND d.invoice_id = i.id AND d.kind = 'reminder' AND d.status = 'sent') AS last_reminder_at
         FROM invoices i
         JOIN accounts a ON a.id = i.account_id
         LEFT JOIN customers c ON c.id = i.customer_id AND c.account_id = i.account_id
        WHERE i.id = ? AND i.account_id = ?`,
    )
    .bind(invoiceId, accountId)
    .first<Row>();
  if (!row) return null;
  return {
    nextReminderAt: row.next_reminder_at,
    facts: {
      status: row.status as InvoiceStatus,
      sent_at: row.sent_at,
      due_date: row.due_date,
      time_zone: row.timezone,
      overdue_at: row.overdue_at,
      reminders_enabled: Boolean(row.reminders_enabled),
      has_recipient: Boolean(row.customer_email),
      reminders_sent: row.reminders_sent,
      last_reminder_at: row.last_reminder_at,
      policy: effectivePolicy(parse(row.reminder_policy), parse(row.account_policy)),
    },
  };
}

/**
 * Makes the invoice's next_reminder_at show the reminder the alarm is armed for. Not a
 * versioned write: it is the scheduler's bookkeeping, not a change a concurrent editor could
 * conflict with, and it is skipped when the value is already right.
 */
export async function writeNextReminderAt(d1: D1Database, accountId: string, invoiceId: string, at: string | null): Promise<void> {
  await d1
    .prepare("UPDATE invoices SET next_reminder_at = ? WHERE id = ? AND account_id = ? AND next_reminder_at IS NOT ?")
    .bind(at, invoiceId, accountId, at)
    .run();
}
