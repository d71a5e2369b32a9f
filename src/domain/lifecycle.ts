import { StateConflictError } from "./errors";
import type { InvoiceStatus } from "./types";

/** The facts an invoice's summary status is derived from. */
export type StatusFacts = {
  finalized_at: string | null;
  sent_at: string | null;
  viewed_at: string | null;
  voided_at: string | null;
  uncollectible_at: string | null;
  overdue_at: string | null;
  total_amount: number;
  amount_paid: number;
  /** What credit notes took off what was due, and what the customer's credit balance paid. */
  credited_amount: number;
  applied_balance: number;
};

/** What the invoice still asks for: never below zero. */
export const amountDue = (f: Pick<StatusFacts, "total_amount" | "amount_paid" | "credited_amount" | "applied_balance">) =>
  Math.max(0, f.total_amount - f.amount_paid - f.credited_amount - f.applied_balance);

/**
 * One summary status, by precedence (documented in the README):
 * draft → voided → paid → uncollectible → overdue → partially_paid → viewed → sent → finalized.
 * The detail stays readable in amount_paid, amount_due and the *_at timestamps.
 */
export function deriveStatus(f: StatusFacts): InvoiceStatus {
  if (!f.finalized_at) return "draft";
  if (f.voided_at) return "voided";
  // Settled by payments, credit notes and the customer's balance together (a credit can settle it alone).
  const settled = f.amount_paid + f.credited_amount + f.applied_balance;
  if (settled >= f.total_amount && (settled > 0 || f.total_amount === 0)) return "paid";
  if (f.uncollectible_at) return "uncollectible";
  if (f.overdue_at) return "overdue";
  if (f.amount_paid > 0 || f.applied_balance > 0) return "partially_paid";
  if (f.viewed_at) return "viewed";
  if (f.sent_at) return "sent";
  return "finalized";
}

export type InvoiceAction = "update" | "delete" | "finalize" | "send" | "remind" | "pay" | "void" | "mark_uncollectible" | "mark_overdue" | "view" | "credit";

/** Final invoices still waiting for money: the ones payment, reminders and the overdue alarm concern. */
export const OPEN_STATUSES = ["finalized", "sent", "viewed", "overdue", "partially_paid"] as const satisfies readonly InvoiceStatus[];
const OPEN: InvoiceStatus[] = [...OPEN_STATUSES];

const ALLOWED: Record<InvoiceAction, InvoiceStatus[]> = {
  update: ["draft"],
  delete: ["draft"],
  finalize: ["draft"],
  send: ["draft", ...OPEN],
  remind: OPEN,
  // Money that arrives for an invoice written off is still money received.
  pay: [...OPEN, "uncollectible"],
  void: ["finalized", "sent", "viewed", "overdue", "uncollectible"],
  mark_uncollectible: OPEN,
  mark_overdue: ["finalized", "sent", "viewed", "partially_paid"],
  view: [...OPEN, "paid", "uncollectible"],
  // A final invoice is corrected by a credit note, paid or not; a draft is edited, a voided one is gone.
  credit: [...OPEN, "paid", "uncollectible"],
};

export function canApply(action: InvoiceAction, status: InvoiceStatus): boolean {
  return ALLOWED[action].includes(status);
}

/** Throws a 409-mapped error naming the status when the action is not allowed. */
export function assertCanApply(action: InvoiceAction, status: InvoiceStatus, amountPaid = 0): void {
  if (action === "void" && amountPaid > 0)
    throw new StateConflictError("invoice_has_payments", "An invoice with payments cannot be voided; record a refund or credit note instead.");
  if (!canApply(action, status)) throw new StateConflictError("invoice_status_conflict", `An invoice with status '${status}' cannot be ${PAST[action]}.`);
}

const PAST: Record<InvoiceAction, string> = {
  update: "updated (only metadata and notes change after finalization)",
  delete: "deleted; void it instead",
  finalize: "finalized",
  send: "sent",
  remind: "reminded",
  pay: "paid",
  void: "voided",
  mark_uncollectible: "marked uncollectible",
  mark_overdue: "marked overdue",
  view: "viewed",
  credit: "credited (a draft is edited instead; a voided invoice has nothing left to credit)",
};
