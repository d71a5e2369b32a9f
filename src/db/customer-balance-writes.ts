import { and, eq, type SQL, sql } from "drizzle-orm";
import { type BalanceTransactionType, withBalance } from "../domain/customer-balance";
import type { Customer } from "../domain/types";
import { newId } from "../ids";
import type { Db } from "./client";
import { eventInsert, type NewEvent } from "./event-writes";
import { guardedInsert } from "./guarded-insert";
import type { Statement } from "./invoice-writes";
import { customerBalanceTransactions, customers } from "./schema";

export type BalanceChange = {
  accountId: string;
  customerId: string;
  currency: string;
  /** Positive: credit owed to the customer. Negative: credit used. */
  amount: number;
  type: BalanceTransactionType;
  creditNoteId?: string | null;
  invoiceId?: string | null;
  now: string;
  /** The customer before the change: the customer.balance_updated event shows it after. */
  customer: Customer;
  who: Pick<NewEvent, "actor" | "requestId" | "idempotencyKey">;
};

/**
 * A balance transaction, the customer's balance moved by it and its customer.balance_updated
 * event, all only if `guard` holds: the balance on the customer is always the sum of its
 * transactions, and every move of it is an event.
 */
export function balanceChange(db: Db, c: BalanceChange, guard: SQL): Statement[] {
  const path = `$."${c.currency}"`;
  return [
    guardedInsert(
      db,
      customerBalanceTransactions,
      {
        id: newId("cbtxn"),
        accountId: c.accountId,
        customerId: c.customerId,
        currency: c.currency,
        amount: c.amount,
        type: c.type,
        creditNoteId: c.creditNoteId ?? null,
        invoiceId: c.invoiceId ?? null,
        createdAt: c.now,
      },
      guard,
    ),
    db
      .update(customers)
      .set({
        creditBalances: sql`json_set(coalesce(${customers.creditBalances}, '{}'), ${path}, coalesce(json_extract(${customers.creditBalances}, ${path}), 0) + ${c.amount})`,
      })
      .where(and(eq(customers.id, c.customerId), eq(customers.accountId, c.accountId), guard)),
    eventInsert(
      db,
      c.accountId,
      { type: "customer", id: c.customerId },
      {
        type: "customer.balance_updated",
        object: withBalance(c.customer, c.currency, c.amount),
        detail: { currency: c.currency, amount: c.amount, credit_note_id: c.creditNoteId ?? null, invoice_id: c.invoiceId ?? null },
        ...c.who,
      },
      c.now,
      guard,
    ),
  ];
}

/** The customer's balance in a currency, as SQL: for guards that must not spend more than there is. */
export const balanceOf = (accountId: string, customerId: string, currency: string) =>
  sql`coalesce((SELECT json_extract(${customers.creditBalances}, ${`$."${currency}"`}) FROM ${customers} WHERE ${customers.id} = ${customerId} AND ${customers.accountId} = ${accountId}), 0)`;
