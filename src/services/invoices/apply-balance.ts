import { gte, type SQL } from "drizzle-orm";
import { balanceChange, balanceOf } from "../../db/customer-balance-writes";
import type { InvoiceState } from "../../db/invoice-state-queries";
import type { Statement } from "../../db/invoice-writes";
import { balanceToApply, withBalance } from "../../domain/customer-balance";
import type { Customer } from "../../domain/types";
import type { InvoiceContext } from "./context";

/** The customer's credit balance applied to an invoice as it is finalized. */
export type BalanceApplication = {
  applied: number;
  /** The customer as the application leaves it. */
  customer: Customer;
  /** For the invoice's guarded UPDATE: the balance still holds what is applied. */
  where: SQL[];
  /** The balance transaction, the customer's balance moved by it, and the customer's event. */
  after: (guard: SQL) => Statement[];
};

/**
 * What the customer's balance in the invoice's currency pays of it (as read with the state),
 * or null when nothing. Two invoices of one customer finalized at once both read the same
 * balance; the `where` lets one of them in, and the other reads the state again and applies
 * what is left.
 */
export function balanceApplication(ctx: InvoiceContext, state: InvoiceState, due: number, now: string): BalanceApplication | null {
  const { row, customer } = state;
  const applied = balanceToApply(customer.credit_balances[row.currency] ?? 0, due);
  if (applied === 0) return null;
  const left = withBalance(customer, row.currency, -applied);
  return {
    applied,
    customer: left,
    where: [gte(balanceOf(ctx.accountId, row.customerId, row.currency), applied)],
    after: (guard) => [
      ...balanceChange(
        ctx.db,
        {
          accountId: ctx.accountId,
          customerId: row.customerId,
          currency: row.currency,
          amount: -applied,
          type: "applied_to_invoice",
          invoiceId: row.id,
          now,
          customer,
          who: { actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey },
        },
        guard,
      ),
    ],
  };
}
