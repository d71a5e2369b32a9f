import { sha256Hex } from "../../auth/api-key-token";
import { isForeignKeyViolation, isUniqueViolation } from "../../db/constraint-errors";
import { invoiceExists } from "../../db/invoice-queries";
import { type InvoiceState, invoiceOf, loadAccountAndCustomer, loadInvoiceState } from "../../db/invoice-state-queries";
import { type InvoiceInsert, insertDraft, type LineItemInsert } from "../../db/invoice-writes";
import type { InvoiceRow } from "../../db/invoice-queries";
import { dateInZone, dueDateFromTerms } from "../../domain/dates";
import { DomainError, NotFoundError } from "../../domain/errors";
import type { RoundingMode } from "../../domain/money";
import type { ReminderPolicy } from "../../domain/reminders";
import { type LineInput, type PricedInvoice, priceInvoice } from "../../domain/totals";
import type { Address, Customer, Discount, PaymentLinkDisplay } from "../../domain/types";
import { type AccountRow, toAccount } from "../../db/account-queries";
import { newId } from "../../ids";
import type { InvoiceContext } from "./context";

export type InvoiceInput = {
  customer_id: string;
  issue_date?: string;
  due_date?: string;
  currency?: string;
  line_items: LineInput[];
  payment_terms?: string | null;
  discount?: Discount | null;
  notes?: string | null;
  memo?: string | null;
  purchase_order_number?: string | null;
  reference?: string | null;
  billing_period?: { start: string; end_inclusive: string } | null;
  billing_address?: Address | null;
  shipping_address?: Address | null;
  accounting_date?: string | null;
  payment_link_display?: PaymentLinkDisplay | null;
  reminders_enabled?: boolean;
  /** Null (or absent) follows the account's default policy. */
  reminder_policy?: ReminderPolicy | null;
  metadata?: Record<string, string>;
};

export function checkDates(issueDate: string, dueDate: string, period: InvoiceInput["billing_period"]) {
  if (dueDate < issueDate) throw new DomainError("due_date", "due_date cannot be before issue_date.");
  if (period && period.end_inclusive < period.start)
    throw new DomainError("billing_period.end_inclusive", "billing_period.end_inclusive cannot be before billing_period.start.");
}

export function linesToInsert(priced: PricedInvoice): LineItemInsert[] {
  return priced.lines.map((l, position) => ({ id: newId("li"), position, ...l }));
}

export function pricedColumns(priced: PricedInvoice, discount: Discount | null) {
  return {
    subtotal: priced.subtotal,
    discountType: discount?.type ?? null,
    discountValue: discount ? (discount.type === "amount" ? discount.amount : discount.percent) : null,
    discountAmount: priced.discount_amount,
    taxAmount: priced.tax_amount,
    totalAmount: priced.total_amount,
  };
}

export type CreateOptions = {
  /** Makes creation repeatable: an insert with an id that exists fails instead of creating a second invoice. */
  id?: string;
  /** Checks that must pass before anything is written (e.g. the customer can be emailed). */
  beforeWrite?: (customer: Customer) => void;
};

/** Creates a draft; answers its state as written (no read after the write). */
export async function createInvoice(ctx: InvoiceContext, input: InvoiceInput, options: CreateOptions = {}): Promise<InvoiceState> {
  const { accountRow, customer } = await loadAccountAndCustomer(ctx.db, ctx.accountId, input.customer_id);
  if (!accountRow) throw new NotFoundError("account");
  if (!customer) throw new NotFoundError("customer", input.customer_id).asParam("customer_id");
  options.beforeWrite?.(customer);

  const id = options.id ?? newId("inv");
  const { row: values, lines } = draftRow(ctx, input, accountRow, customer, id);
  const row = await insertDraft(
    ctx.db,
    values,
    lines,
    { type: "invoice.created", actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey },
    (written) => invoiceOf({ lines: storedLines(ctx.accountId, id, lines), customer, refunds: [] }, written, ctx.baseUrl),
  ).catch((err) => {
    // The customer was deleted between the read above and this write.
    if (isForeignKeyViolation(err)) throw new NotFoundError("customer", input.customer_id).asParam("customer_id");
    throw err;
  });
  return draftState(ctx, row, lines, customer, accountRow);
}

/** A loaded draft's state from what was just written (no read after the write). */
export function draftState(ctx: InvoiceContext, row: InvoiceRow, lines: LineItemInsert[], customer: Customer, accountRow: AccountRow): InvoiceState {
  return {
    row,
    lines: storedLines(ctx.accountId, row.id, lines),
    customer,
    refunds: [],
    account: toAccount(accountRow),
    accountRow,
    delivery: null,
    dedupeKey: null,
    lastReminderAt: null,
  };
}

/**
 * The draft's row and lines for `input`: dates from the terms or the account's default,
 * prices from the customer's tax status and the account's rounding. Checks, never writes.
 */
export function draftRow(ctx: InvoiceContext, input: InvoiceInput, accountRow: AccountRow, customer: Customer, id: string) {
  const now = ctx.now();
  const issueDate = input.issue_date ?? dateInZone(now, accountRow.timezone);
  const paymentTerms = input.payment_terms ?? (input.due_date ? null : accountRow.defaultPaymentTerms);
  const dueDate = input.due_date ?? dueDateFromTerms(issueDate, paymentTerms ?? "Net 30");
  checkDates(issueDate, dueDate, input.billing_period);
  const discount = input.discount ?? null;
  const priced = priceInvoice({ lines: input.line_items, discount, taxStatus: customer.tax_status, rounding: accountRow.roundingMode as RoundingMode });

  const iso = now.toISOString();
  const row: InvoiceInsert = {
    id,
    accountId: ctx.accountId,
    customerId: customer.id,
    number: null,
    status: "draft",
    currency: input.currency ?? accountRow.defaultCurrency,
    issueDate,
    dueDate,
    paymentTerms,
    ...pricedColumns(priced, discount),
    amountPaid: 0,
    billingAddress: input.billing_address ?? customer.billing_address ?? null,
    shippingAddress: input.shipping_address ?? customer.shipping_address ?? null,
    customerTaxStatus: customer.tax_status,
    notes: input.notes ?? null,
    memo: input.memo ?? null,
    purchaseOrderNumber: input.purchase_order_number ?? null,
    reference: input.reference ?? null,
    billingPeriodStart: input.billing_period?.start ?? null,
    billingPeriodEnd: input.billing_period?.end_inclusive ?? null,
    accountingDate: input.accounting_date ?? null,
    paymentLinkDisplay: input.payment_link_display ?? null,
    remindersEnabled: input.reminders_enabled ?? true,
    reminderPolicy: input.reminder_policy ?? null,
    metadata: input.metadata ?? {},
    version: 1,
    createdAt: iso,
    updatedAt: iso,
  };
  return { row, lines: linesToInsert(priced) };
}

/**
 * Creates a draft at most once per Idempotency-Key: the id is derived from the key, so a retry
 * after a failure the middleware released the key for (a 5xx, a 502 from a send that followed)
 * finds the invoice it created instead of making a second one.
 */
export async function createInvoiceOnce(
  ctx: InvoiceContext,
  input: InvoiceInput,
  idempotencyKey: string | undefined,
  options: Omit<CreateOptions, "id"> = {},
): Promise<{ state: InvoiceState; isNew: boolean }> {
  if (!idempotencyKey) return { state: await createInvoice(ctx, input, options), isNew: true };
  const id = await invoiceIdForKey(ctx.accountId, idempotencyKey);
  const existing = async () => (await invoiceExists(ctx.db, ctx.accountId, id)) && (await loadInvoiceState(ctx.db, ctx.accountId, id));
  // A retry finds the invoice it created; a first request pays one indexed lookup for it.
  const found = await existing();
  if (found) return { state: found, isNew: false };
  try {
    return { state: await createInvoice(ctx, input, { ...options, id }), isNew: true };
  } catch (err) {
    // Two runs of one key raced past the lookup (the first one's lock ran out): the primary key let one in.
    const winner = isUniqueViolation(err) ? await existing() : null;
    if (winner) return { state: winner, isNew: false };
    throw err;
  }
}

/** The id createInvoiceOnce gives the invoice it creates under `idempotencyKey`. */
export const invoiceIdForKey = async (accountId: string, idempotencyKey: string) =>
  `inv_${(await sha256Hex(`${accountId}\ncreate:${idempotencyKey}`)).slice(0, 24)}`;

/** The lines as stored, from what was inserted: what a read after the write would give. */
export const storedLines = (accountId: string, invoiceId: string, lines: LineItemInsert[]) =>
  lines.map((l) => ({
    id: l.id,
    accountId,
    invoiceId,
    position: l.position,
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unit_price,
    amount: l.amount,
    taxRate: l.tax_rate,
    taxAmount: l.tax_amount,
    taxCategory: l.tax_category_override,
    taxExemptionReason: l.tax_exemption_reason,
    taxExemptionReasonCode: l.tax_exemption_reason_code,
    unitCode: l.unit_code,
    productId: l.product_id,
    accountCode: l.account_code,
    metadata: null,
  }));
