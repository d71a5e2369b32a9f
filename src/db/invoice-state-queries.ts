import { and, eq, max } from "drizzle-orm";
import { effectivePolicy, type ScheduleFacts } from "../domain/reminders";
import type { Account, Customer, Invoice, InvoiceStatus } from "../domain/types";
import { type AccountRow, toAccount } from "./account-queries";
import type { Db } from "./client";
import { toCustomer } from "./customer-queries";
import { type InvoiceRow, invoiceReads, type LineItemRow, toInvoice } from "./invoice-queries";
import type { RefundRow } from "./refund-queries";
import { accounts, customers, deliveries } from "./schema";

export type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * Everything an operation on one invoice reads, read once: the row, its lines, its customer,
 * the account, the delivery a send would repeat (by dedupe key) and when the last reminder
 * left. Operations decide on it, write with a guard on `row.version`, and answer from what
 * the write returned, so nothing is read twice.
 */
export type InvoiceState = {
  row: InvoiceRow;
  lines: LineItemRow[];
  customer: Customer;
  /** Money credit notes gave back of what was paid. */
  refunds: RefundRow[];
  account: Account;
  accountRow: AccountRow;
  delivery: DeliveryRow | null;
  /** The delivery key the state was read with (a re-read after a conflict reads it again). */
  dedupeKey: string | null;
  lastReminderAt: string | null;
};

/** One D1 batch (one round trip); null when the invoice is not this account's. */
export async function loadInvoiceState(db: Db, accountId: string, invoiceId: string, dedupeKey?: string): Promise<InvoiceState | null> {
  const [rows, lines, custs, refunded, accts, dels, last] = await db.batch([
    ...invoiceReads(db, accountId, invoiceId),
    db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1),
    db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.accountId, accountId), eq(deliveries.dedupeKey, dedupeKey ?? "")))
      .limit(1),
    db
      .select({ at: max(deliveries.sentAt) })
      .from(deliveries)
      .where(and(eq(deliveries.accountId, accountId), eq(deliveries.invoiceId, invoiceId), eq(deliveries.kind, "reminder"), eq(deliveries.status, "sent"))),
  ]);
  const row = rows[0];
  const customer = custs[0];
  const accountRow = accts[0];
  if (!row || !customer || !accountRow) return null;
  return {
    row,
    lines,
    customer: toCustomer(customer),
    refunds: refunded,
    account: toAccount(accountRow),
    accountRow,
    delivery: dedupeKey ? (dels[0] ?? null) : null,
    dedupeKey: dedupeKey ?? null,
    lastReminderAt: last[0]?.at ?? null,
  };
}

/** The API's invoice for `row`, with the lines and customer of the state it was written from. */
export const invoiceOf = (state: Pick<InvoiceState, "lines" | "customer" | "refunds">, row: InvoiceRow, baseUrl: string): Invoice =>
  toInvoice(row, state.lines, state.customer, baseUrl, state.refunds);

/** What the reminder schedule is computed from (src/domain/reminders.ts), for a loaded state. */
export function scheduleFactsOf(state: Pick<InvoiceState, "row" | "customer" | "accountRow" | "lastReminderAt">): ScheduleFacts {
  const { row } = state;
  return {
    status: row.status as InvoiceStatus,
    sent_at: row.sentAt,
    due_date: row.dueDate,
    time_zone: state.accountRow.timezone,
    overdue_at: row.overdueAt,
    reminders_enabled: row.remindersEnabled,
    has_recipient: Boolean(state.customer.email),
    reminders_sent: row.remindersSent,
    last_reminder_at: state.lastReminderAt,
    policy: effectivePolicy(row.reminderPolicy, state.accountRow.reminderPolicy),
  };
}

/** The account and the customer a new invoice is priced for, in one round trip. */
export async function loadAccountAndCustomer(db: Db, accountId: string, customerId: string) {
  const [accts, custs] = await db.batch([
    db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1),
    db
      .select()
      .from(customers)
      .where(and(eq(customers.id, customerId), eq(customers.accountId, accountId)))
      .limit(1),
  ]);
  return { accountRow: accts[0] ?? null, customer: custs[0] ? toCustomer(custs[0]) : null };
}
