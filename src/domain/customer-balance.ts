import type { Customer } from "./types";

/*
 * A customer's credit balance, per currency, in minor units owed to the customer: credit
 * notes add to it, and the customer's next invoice in that currency takes from it when it is
 * finalized.
 */

/** Why a balance moved: a note's credit, a voided note taking it back, an invoice using it. */
export const BALANCE_TRANSACTION_TYPES = ["credit_note", "credit_note_voided", "applied_to_invoice"] as const;
export type BalanceTransactionType = (typeof BALANCE_TRANSACTION_TYPES)[number];

/** What an invoice takes from the balance: what it still asks for at most, and never less than nothing. */
export const balanceToApply = (balance: number, amountDue: number): number => Math.max(0, Math.min(balance, amountDue));

/** The customer as its balance leaves it. */
export const withBalance = (customer: Customer, currency: string, amount: number): Customer => ({
  ...customer,
  credit_balances: { ...customer.credit_balances, [currency]: (customer.credit_balances[currency] ?? 0) + amount },
});
