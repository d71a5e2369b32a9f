import { and, eq } from "drizzle-orm";
import { findAccountRow } from "../../db/account-queries";
import { findCustomer, mergeMetadata } from "../../db/customer-queries";
import { sha256Hex } from "../../auth/api-key-token";
import { findInvoice, toDiscount, type InvoiceRow } from "../../db/invoice-queries";
import { applyGuardedChange, eventStatement, insertLinesStatement, type ColumnValue, type LineItemInsert } from "../../db/invoice-writes";
import { lineItems } from "../../db/schema";
import { dateInZone, dueDateFromTerms } from "../../domain/dates";
import { DomainError, StateConflictError } from "../../domain/errors";
import { assertCanApply } from "../../domain/lifecycle";
import type { ReminderPolicy } from "../../domain/reminders";
import type { RoundingMode } from "../../domain/money";
import { priceInvoice, type LineInput, type PricedInvoice } from "../../domain/totals";
import type { Address, Discount, Invoice, InvoiceStatus, PaymentLinkDisplay, TaxStatus } from "../../domain/types";
import { invalidRequest, notFound } from "../../errors";
import { newId } from "../../ids";
import { withSchedule, type InvoiceContext } from "./context";
import { RETRY, loadInvoice, withFreshInvoice } from "./load";

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

export type InvoicePatch = Partial<InvoiceInput>;

/**
 * Fields a finalized invoice still accepts: everything else is fixed by law once numbered.
 * Reminder settings are how the merchant chases payment, not part of the document.
 */
const MUTABLE_AFTER_FINALIZATION = new Set(["metadata", "notes", "reminders_enabled", "reminder_policy"]);

function checkDates(issueDate: string, dueDate: string, period: InvoiceInput["billing_period"]) {
  if (dueDate < issueDate) throw new DomainError("due_date", "due_date cannot be before issue_date.");
  if (period && period.end_inclusive < period.start)
    throw new DomainError("billing_period.end_inclusive", "billing_period.end_inclusive cannot be before billing_period.start.");
}

function linesToInsert(priced: PricedInvoice): LineItemInsert[] {
  return priced.lines.map((l, position) => ({ id: newId("li"), position, ...l }));
}

function pricedColumns(priced: PricedInvoice, discount: Discount | null) {
  return {
    subtotal: priced.subtotal,
    discount_type: discount?.type ?? null,
    discount_value: discount ? (discount.type === "amount" ? discount.amount : discount.percent) : null,
    discount_amount: priced.discount_amount,
    tax_amount: priced.tax_amount,
    total_amount: priced.total_amount,
  };
}

/**
 * Creates a draft. `options.id` lets a caller make creation repeatable: an insert with an id
 * that exists fails on the primary key instead of creating a second invoice.
 */
export async function createInvoice(ctx: InvoiceContext, input: InvoiceInput, options: { id?: string } = {}): Promise<Invoice> {
  const account = await findAccountRow(ctx.db, ctx.accountId);
  if (!account) throw notFound("account");
  const customer = await findCustomer(ctx.db, ctx.accountId, input.customer_id);
  if (!customer) throw invalidRequest("customer_id", `No such customer: '${input.customer_id}'.`, "resource_missing");

  const now = ctx.now();
  const issueDate = input.issue_date ?? dateInZone(now, account.timezone);
  const paymentTerms = input.payment_terms ?? (input.due_date ? null : account.defaultPaymentTerms);
  const dueDate = input.due_date ?? dueDateFromTerms(issueDate, paymentTerms ?? "Net 30");
  checkDates(issueDate, dueDate, input.billing_period);
  const discount = input.discount ?? null;
  const priced = priceInvoice({
    lines: input.line_items,
    discount,
    taxStatus: customer.tax_status,
    rounding: account.roundingMode as RoundingMode,
  });

  const id = options.id ?? newId("inv");
  const iso = now.toISOString();
  const row: Record<string, ColumnValue> = {
    id,
    account_id: ctx.accountId,
    customer_id: customer.id,
    number: null,
    status: "draft" satisfies InvoiceStatus,
    currency: input.currency ?? account.defaultCurrency,
    issue_date: issueDate,
    due_date: dueDate,
    payment_terms: paymentTerms,
    ...pricedColumns(priced, discount),
    amount_paid: 0,
    billing_address: JSON.stringify(input.billing_address ?? customer.billing_address ?? null),
    shipping_address: JSON.stringify(input.shipping_address ?? customer.shipping_address ?? null),
    customer_tax_status: customer.tax_status,
    notes: input.notes ?? null,
    memo: input.memo ?? null,
    purchase_order_number: input.purchase_order_number ?? null,
    reference: input.reference ?? null,
    billing_period_start: input.billing_period?.start ?? null,
    billing_period_end: input.billing_period?.end_inclusive ?? null,
    accounting_date: input.accounting_date ?? null,
    payment_link_display: input.payment_link_display ?? null,
    reminders_enabled: input.reminders_enabled ?? true,
    reminder_policy: input.reminder_policy ? JSON.stringify(input.reminder_policy) : null,
    metadata: JSON.stringify(input.metadata ?? {}),
    version: 1,
    created_at: iso,
    updated_at: iso,
  };
  const columns = Object.keys(row);
  const values = Object.values(row).map((v) => (typeof v === "boolean" ? Number(v) : v));
  await ctx.d1.batch([
    ctx.d1.prepare(`INSERT INTO invoices (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`).bind(...values),
    insertLinesStatement(ctx.d1, ctx.accountId, id, linesToInsert(priced)),
    eventStatement(
      ctx.d1,
      ctx.accountId,
      id,
      { type: "invoice.created", actor: ctx.actor, requestId: ctx.requestId, data: { total_amount: priced.total_amount } },
      iso,
    ),
  ]);
  return loadInvoice(ctx, id);
}

/**
 * Creates a draft at most once per Idempotency-Key: the id is derived from the key, so a retry
 * after a failure the middleware released the key for (a 5xx, a 502 from a send that followed)
 * finds the invoice it created instead of making a second one.
 */
export async function createInvoiceOnce(ctx: InvoiceContext, input: InvoiceInput, idempotencyKey: string | undefined): Promise<Invoice> {
  if (!idempotencyKey) return createInvoice(ctx, input);
  const id = `inv_${(await sha256Hex(`${ctx.accountId}\ncreate:${idempotencyKey}`)).slice(0, 24)}`;
  const existing = await findInvoice(ctx.db, ctx.accountId, id, ctx.baseUrl);
  return existing ?? createInvoice(ctx, input, { id });
}

export async function updateInvoice(ctx: InvoiceContext, id: string, patch: InvoicePatch): Promise<Invoice> {
  return withFreshInvoice(ctx, id, async (row) => {
    const now = ctx.now().toISOString();
    const fields = Object.keys(patch).filter((k) => patch[k as keyof InvoicePatch] !== undefined);
    // Nothing to change: no write, no version bump, no event.
    if (fields.length === 0) return loadInvoice(ctx, id);
    if (row.status !== "draft") {
      const fixed = fields.find((f) => !MUTABLE_AFTER_FINALIZATION.has(f));
      if (fixed)
        throw new StateConflictError(
          "invoice_finalized",
          `'${fixed}' cannot change once an invoice is finalized; only metadata and notes can. Void it and issue a new one to correct it.`,
          fixed,
        );
    }
    const set: Record<string, ColumnValue> = {};
    if (patch.metadata) set.metadata = JSON.stringify(mergeMetadata(row.metadata ?? {}, patch.metadata));
    if (patch.notes !== undefined) set.notes = patch.notes;
    if (patch.reminders_enabled !== undefined) set.reminders_enabled = patch.reminders_enabled;
    if (patch.reminder_policy !== undefined) set.reminder_policy = patch.reminder_policy === null ? null : JSON.stringify(patch.reminder_policy);
    let lines: LineItemInsert[] | null = null;
    if (row.status === "draft") {
      const draft = await draftColumns(ctx, row, patch);
      Object.assign(set, draft.set);
      lines = draft.lines;
    }
    const applied = await applyGuardedChange(ctx.d1, {
      accountId: ctx.accountId,
      invoiceId: id,
      expectedVersion: row.version,
      set,
      now,
      after: (guard) =>
        lines
          ? [
              ctx.d1.prepare(`DELETE FROM line_items WHERE account_id = ? AND invoice_id = ? AND ${guard.sql}`).bind(ctx.accountId, id, ...guard.params),
              insertLinesStatement(ctx.d1, ctx.accountId, id, lines, guard),
            ]
          : [],
      events: [{ type: "invoice.updated", actor: ctx.actor, requestId: ctx.requestId, data: { fields } }],
    });
    if (!applied) return RETRY;
    const updated = await loadInvoice(ctx, id);
    // Reminder settings move the schedule; other fields of a draft or a note do not.
    return fields.includes("reminders_enabled") || fields.includes("reminder_policy") ? withSchedule(ctx, updated) : updated;
  });
}

/** Everything a draft update changes: fields as given, then prices recomputed from the result. */
async function draftColumns(ctx: InvoiceContext, row: InvoiceRow, patch: InvoicePatch) {
  const account = await findAccountRow(ctx.db, ctx.accountId);
  const customerId = patch.customer_id ?? row.customerId;
  const customer = await findCustomer(ctx.db, ctx.accountId, customerId);
  if (!customer) throw invalidRequest("customer_id", `No such customer: '${customerId}'.`, "resource_missing");
  const set: Record<string, ColumnValue> = {};
  const put = <K extends keyof InvoicePatch>(key: K, column: string, encode: (v: NonNullable<InvoicePatch[K]>) => ColumnValue = (v) => v as ColumnValue) => {
    const value = patch[key];
    if (value === undefined) return;
    set[column] = value === null ? null : encode(value as NonNullable<InvoicePatch[K]>);
  };
  put("customer_id", "customer_id");
  put("currency", "currency");
  put("issue_date", "issue_date");
  put("payment_terms", "payment_terms");
  put("memo", "memo");
  put("purchase_order_number", "purchase_order_number");
  put("reference", "reference");
  put("accounting_date", "accounting_date");
  put("payment_link_display", "payment_link_display");
  put("billing_address", "billing_address", (v) => JSON.stringify(v));
  put("shipping_address", "shipping_address", (v) => JSON.stringify(v));
  if (patch.billing_period !== undefined) {
    set.billing_period_start = patch.billing_period?.start ?? null;
    set.billing_period_end = patch.billing_period?.end_inclusive ?? null;
  }
  const issueDate = patch.issue_date ?? row.issueDate;
  const terms = patch.payment_terms === undefined ? row.paymentTerms : patch.payment_terms;
  const dueDate = patch.due_date ?? (patch.issue_date || patch.payment_terms ? (terms ? dueDateFromTerms(issueDate, terms) : row.dueDate) : row.dueDate);
  set.due_date = dueDate;
  checkDates(issueDate, dueDate, patch.billing_period === undefined ? rowPeriod(row) : patch.billing_period);

  const needsPricing = patch.line_items !== undefined || patch.discount !== undefined || patch.customer_id !== undefined;
  let lines: LineItemInsert[] | null = null;
  if (needsPricing) {
    const discount = patch.discount === undefined ? toDiscount(row) : patch.discount;
    const currentLines =
      patch.line_items ??
      (
        await ctx.db.query.lineItems.findMany({
          where: and(eq(lineItems.accountId, ctx.accountId), eq(lineItems.invoiceId, row.id)),
          orderBy: lineItems.position,
        })
      ).map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        tax_rate: l.taxRate,
        product_id: l.productId,
        account_code: l.accountCode,
      }));
    const priced = priceInvoice({
      lines: currentLines,
      discount,
      taxStatus: customer.tax_status as TaxStatus,
      rounding: (account?.roundingMode ?? "half_away_from_zero") as RoundingMode,
    });
    Object.assign(set, pricedColumns(priced, discount));
    set.customer_tax_status = customer.tax_status;
    lines = linesToInsert(priced);
  }
  if (patch.customer_id && patch.customer_id !== row.customerId) {
    if (patch.billing_address === undefined) set.billing_address = JSON.stringify(customer.billing_address ?? null);
    if (patch.shipping_address === undefined) set.shipping_address = JSON.stringify(customer.shipping_address ?? null);
  }
  return { set, lines };
}

function rowPeriod(row: InvoiceRow) {
  return row.billingPeriodStart && row.billingPeriodEnd ? { start: row.billingPeriodStart, end_inclusive: row.billingPeriodEnd } : null;
}

/** Deletes a draft with its lines; numbered invoices are never deleted, only voided. */
export async function deleteDraft(ctx: InvoiceContext, id: string): Promise<void> {
  await withFreshInvoice(ctx, id, async (row) => {
    assertCanApply("delete", row.status as InvoiceStatus);
    const guard = "EXISTS (SELECT 1 FROM invoices WHERE id = ? AND account_id = ? AND status = 'draft' AND version = ?)";
    const params = [id, ctx.accountId, row.version];
    const results = await ctx.d1.batch([
      eventStatement(ctx.d1, ctx.accountId, id, { type: "invoice.deleted", actor: ctx.actor, requestId: ctx.requestId }, ctx.now().toISOString(), {
        sql: guard,
        params,
      }),
      ctx.d1.prepare(`DELETE FROM line_items WHERE account_id = ? AND invoice_id = ? AND ${guard}`).bind(ctx.accountId, id, ...params),
      ctx.d1.prepare("DELETE FROM invoices WHERE id = ? AND account_id = ? AND status = 'draft' AND version = ?").bind(...params),
    ]);
    return results[2]!.meta.changes === 1 ? true : RETRY;
  });
}
