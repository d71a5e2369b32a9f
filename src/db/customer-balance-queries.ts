import { and, eq } from "drizzle-orm";
import type { BalanceTransactionType } from "../domain/customer-balance";
import type { Db } from "./client";
import { keyset, type PageRequest } from "./pagination";
import { customerBalanceTransactions } from "./schema";

type BalanceTransactionRow = typeof customerBalanceTransactions.$inferSelect;

/** A balance transaction as the API shows it. */
export type BalanceTransaction = ReturnType<typeof toBalanceTransaction>;

export const toBalanceTransaction = (row: BalanceTransactionRow) => ({
  id: row.id,
  object: "customer_balance_transaction" as const,
  customer_id: row.customerId,
  currency: row.currency,
  amount: row.amount,
  type: row.type as BalanceTransactionType,
  credit_note_id: row.creditNoteId,
  invoice_id: row.invoiceId,
  created_at: row.createdAt,
});

/**
 * The customer's balance transactions, newest first; null when the cursor names none of this
 * customer's. Every currency together: a customer has few, so the sort after the index's
 * (account, customer) prefix stays small.
 */
export async function listBalanceTransactions(db: Db, accountId: string, customerId: string, page: PageRequest) {
  const ofCustomer = and(eq(customerBalanceTransactions.accountId, accountId), eq(customerBalanceTransactions.customerId, customerId));
  const cursorId = page.starting_after ?? page.ending_before;
  const cursor = cursorId
    ? ((
        await db
          .select()
          .from(customerBalanceTransactions)
          .where(and(ofCustomer, eq(customerBalanceTransactions.id, cursorId)))
          .limit(1)
      )[0] ?? null)
    : null;
  if (cursorId && !cursor) return null;
  const k = keyset(
    customerBalanceTransactions.createdAt,
    customerBalanceTransactions.id,
    "desc",
    page,
    cursor ? { value: cursor.createdAt, id: cursor.id } : null,
  );
  const rows = await db
    .select()
    .from(customerBalanceTransactions)
    .where(and(ofCustomer, k.condition))
    .orderBy(...k.orderBy)
    .limit(k.take);
  const { data, has_more } = k.finish(rows);
  return { data: data.map(toBalanceTransaction), has_more };
}
