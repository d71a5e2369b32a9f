import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "./client";
import { invoices, payments } from "./schema";

export type PaymentRow = typeof payments.$inferSelect;

/** Records the payment only if the batch's guarded write to the invoice happened. */
export function paymentInsert(db: Db, p: PaymentRow, guard: SQL) {
  return db.insert(payments).select(
    db
      .select({
        id: sql`${p.id}`.as("id"),
        accountId: sql`${p.accountId}`.as("account_id"),
        invoiceId: sql`${p.invoiceId}`.as("invoice_id"),
        amount: sql`${p.amount}`.as("amount"),
        currency: sql`${p.currency}`.as("currency"),
        method: sql`${p.method}`.as("method"),
        reference: sql`${p.reference}`.as("reference"),
        source: sql`${p.source}`.as("source"),
        externalId: sql`${p.externalId}`.as("external_id"),
        dedupeKey: sql`${p.dedupeKey}`.as("dedupe_key"),
        paidAt: sql`${p.paidAt}`.as("paid_at"),
        createdAt: sql`${p.createdAt}`.as("created_at"),
      })
      .from(sql`(SELECT 1)`)
      .where(guard),
  );
}

/** A recorded payment, as the API shows it. */
export type Payment = {
  id: string;
  object: "payment";
  invoice_id: string;
  amount: number;
  currency: string;
  method: string | null;
  reference: string | null;
  source: string;
  external_id: string | null;
  paid_at: string;
  created_at: string;
};

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    object: "payment",
    invoice_id: row.invoiceId,
    amount: row.amount,
    currency: row.currency,
    method: row.method,
    reference: row.reference,
    source: row.source,
    external_id: row.externalId,
    paid_at: row.paidAt,
    created_at: row.createdAt,
  };
}

/** The payment already recorded under this dedupe key (see paymentDedupeKey), if any. */
export async function findPaymentByDedupeKey(db: Db, accountId: string, dedupeKey: string): Promise<Payment | null> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.dedupeKey, dedupeKey)))
    .limit(1);
  return row ? toPayment(row) : null;
}

/** An invoice's payments, newest first. */
export async function listInvoicePayments(db: Db, accountId: string, invoiceId: string): Promise<Payment[]> {
  const rows = await db
    .select()
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.invoiceId, invoiceId)))
    .orderBy(desc(payments.createdAt), desc(payments.id));
  return rows.map(toPayment);
}

/** The guard that keeps concurrent payments from overpaying together: it holds in the UPDATE itself. */
export const paymentFits = (amount: number): SQL =>
  sql`${invoices.amountPaid} + ${invoices.creditedAmount} + ${invoices.appliedBalance} + ${amount} <= ${invoices.totalAmount}`;
