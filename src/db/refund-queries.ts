import type { refunds } from "./schema";

export type RefundRow = typeof refunds.$inferSelect;

/** A refund as the API shows it on its invoice: money given back by a credit note. */
export function toRefund(row: RefundRow) {
  return { id: row.id, object: "refund" as const, amount: row.amount, currency: row.currency, credit_note_id: row.creditNoteId, created_at: row.createdAt };
}

export type Refund = ReturnType<typeof toRefund>;
