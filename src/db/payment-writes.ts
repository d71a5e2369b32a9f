import { type SQL, sql } from "drizzle-orm";
import type { Db } from "./client";
import { payments } from "./schema";

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
