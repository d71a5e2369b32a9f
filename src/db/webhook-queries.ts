import { and, eq } from "drizzle-orm";
import { newId } from "../ids";
import type { Db } from "./client";
import { accounts, invoices, webhookReceipts } from "./schema";

/*
 * Lookups for incoming webhooks. Stripe events are signed with the platform's endpoint secret
 * and name an invoice by its globally unique id, so findInvoiceOwner is the one query not
 * scoped by an account: everything after it is scoped by the owner it returns.
 */

export async function findInvoiceOwner(db: Db, invoiceId: string): Promise<string | null> {
  const row = await db.select({ accountId: invoices.accountId }).from(invoices).where(eq(invoices.id, invoiceId)).get();
  return row?.accountId ?? null;
}

export async function findInvoiceIdByNumber(db: Db, accountId: string, number: string): Promise<string | null> {
  const row = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.accountId, accountId), eq(invoices.number, number)))
    .get();
  return row?.id ?? null;
}

export async function findWebhookSecret(db: Db, accountId: string): Promise<string | null> {
  const row = await db.select({ secret: accounts.webhookSecret }).from(accounts).where(eq(accounts.id, accountId)).get();
  return row?.secret ?? null;
}

export async function setWebhookSecret(db: Db, accountId: string, secret: string, now: string): Promise<void> {
  await db.update(accounts).set({ webhookSecret: secret, updatedAt: now }).where(eq(accounts.id, accountId));
}

export type ReceiptStatus = "applied" | "rejected" | "duplicate" | "ignored";

export type Receipt = {
  id: string;
  accountId: string | null;
  source: string;
  eventId: string;
  type: string;
  status: ReceiptStatus;
  error: string | null;
  receivedAt: string;
};

export async function findReceipt(db: Db, source: string, eventId: string): Promise<Receipt | null> {
  const row = await db.query.webhookReceipts.findFirst({ where: and(eq(webhookReceipts.source, source), eq(webhookReceipts.eventId, eventId)) });
  return row ? { ...row, status: row.status as ReceiptStatus } : null;
}

/** Records the outcome of an event; false when another delivery of it recorded first. */
export async function recordReceipt(db: Db, receipt: Omit<Receipt, "id">): Promise<boolean> {
  const inserted = await db
    .insert(webhookReceipts)
    .values({ id: newId("whr"), ...receipt })
    .onConflictDoNothing({ target: [webhookReceipts.source, webhookReceipts.eventId] })
    .returning({ id: webhookReceipts.id });
  return inserted.length === 1;
}
