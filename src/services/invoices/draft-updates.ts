import { findCustomer, mergeMetadata } from "../../db/customer-queries";
import { type InvoiceRow, toDiscount } from "../../db/invoice-queries";
import { type InvoiceState, invoiceOf } from "../../db/invoice-state-queries";
import { applyGuardedChange, deleteDraftRow, type InvoiceSet, type LineItemInsert, lineItemsDelete, lineItemsInsert } from "../../db/invoice-writes";
import { dueDateFromTerms } from "../../domain/dates";
import { NotFoundError, StateConflictError } from "../../domain/errors";
import { assertCanApply } from "../../domain/lifecycle";
import type { RoundingMode } from "../../domain/money";
import { priceInvoice, rederivedLine } from "../../domain/totals";
import type { Invoice, InvoiceStatus, TaxCategory, TaxStatus } from "../../domain/types";
import { type InvoiceContext, withSchedule } from "./context";
import { checkDates, type InvoiceInput, linesToInsert, pricedColumns, storedLines } from "./drafts";
import { loadState, RETRY, withFreshRow } from "./load";

export type InvoicePatch = Partial<InvoiceInput>;

/**
 * Fields a finalized invoice still accepts: everything else is fixed by law once numbered.
 * Reminder settings are how the merchant chases payment, not part of the document.
 */
const MUTABLE_AFTER_FINALIZATION = new Set(["metadata", "notes", "reminders_enabled", "reminder_policy"]);

export async function updateInvoice(ctx: InvoiceContext, id: string, patch: InvoicePatch): Promise<Invoice> {
  const loaded = await loadState(ctx, id);
  const fields = Object.keys(patch).filter((k) => patch[k as keyof InvoicePatch] !== undefined);
  // Nothing to change: no write, no version bump, no event.
  if (fields.length === 0) return invoiceOf(loaded, loaded.row, ctx.baseUrl);
  const updated = await withFreshRow(ctx, loaded, async (state) => {
    const { row } = state;
    const now = ctx.now().toISOString();
    if (row.status !== "draft") {
      const fixed = fields.find((f) => !MUTABLE_AFTER_FINALIZATION.has(f));
      if (fixed)
        throw new StateConflictError(
          "invoice_finalized",
          `'${fixed}' cannot change once an invoice is finalized; only metadata and notes can. Void it and issue a new one to correct it.`,
          fixed,
        );
    }
    const set: InvoiceSet = {};
    if (patch.metadata) set.metadata = mergeMetadata(row.metadata ?? {}, patch.metadata);
    if (patch.notes !== undefined) set.notes = patch.notes;
    if (patch.reminders_enabled !== undefined) set.remindersEnabled = patch.reminders_enabled;
    if (patch.reminder_policy !== undefined) set.reminderPolicy = patch.reminder_policy;
    let draft: DraftChange | null = null;
    if (row.status === "draft") {
      draft = await draftChange(ctx, state, patch);
      Object.assign(set, draft.set);
    }
    const lines = draft?.lines;
    const after = { customer: draft?.customer ?? state.customer, lines: lines ? storedLines(ctx.accountId, id, lines) : state.lines };
    const written = await applyGuardedChange(ctx.db, {
      row,
      set,
      now,
      after: (guard) => (lines ? [lineItemsDelete(ctx.db, ctx.accountId, id, guard), lineItemsInsert(ctx.db, ctx.accountId, id, lines, guard)] : []),
      events: [{ type: "invoice.updated", actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey, detail: { fields } }],
      snapshot: (w) => invoiceOf({ ...after, refunds: state.refunds }, w, ctx.baseUrl),
    });
    if (!written) return RETRY;
    return { ...state, row: written, ...after };
  });
  const invoice = invoiceOf(updated, updated.row, ctx.baseUrl);
  // Reminder settings move the schedule; other fields of a draft or a note do not.
  return fields.includes("reminders_enabled") || fields.includes("reminder_policy") ? withSchedule(ctx, invoice) : invoice;
}

type DraftChange = { set: InvoiceSet; lines: LineItemInsert[] | null; customer: InvoiceState["customer"] };

/** Everything a draft update changes: fields as given, then prices recomputed from the result. */
async function draftChange(ctx: InvoiceContext, state: InvoiceState, patch: InvoicePatch): Promise<DraftChange> {
  const { row } = state;
  const customerId = patch.customer_id ?? row.customerId;
  const customer = customerId === state.customer.id ? state.customer : await findCustomer(ctx.db, ctx.accountId, customerId);
  if (!customer) throw new NotFoundError("customer", customerId).asParam("customer_id");
  const set: InvoiceSet = {};
  const put = <K extends keyof InvoicePatch>(key: K, column: keyof InvoiceSet) => {
    if (patch[key] !== undefined) (set as Record<string, unknown>)[column] = patch[key];
  };
  put("customer_id", "customerId");
  put("currency", "currency");
  put("issue_date", "issueDate");
  put("payment_terms", "paymentTerms");
  put("memo", "memo");
  put("purchase_order_number", "purchaseOrderNumber");
  put("reference", "reference");
  put("accounting_date", "accountingDate");
  put("payment_link_display", "paymentLinkDisplay");
  put("billing_address", "billingAddress");
  put("shipping_address", "shippingAddress");
  if (patch.billing_period !== undefined) {
    set.billingPeriodStart = patch.billing_period?.start ?? null;
    set.billingPeriodEnd = patch.billing_period?.end_inclusive ?? null;
  }
  const issueDate = patch.issue_date ?? row.issueDate;
  const terms = patch.payment_terms === undefined ? row.paymentTerms : patch.payment_terms;
  const dueDate = patch.due_date ?? (patch.issue_date || patch.payment_terms ? (terms ? dueDateFromTerms(issueDate, terms) : row.dueDate) : row.dueDate);
  set.dueDate = dueDate;
  checkDates(issueDate, dueDate, patch.billing_period === undefined ? rowPeriod(row) : patch.billing_period);

  let lines: LineItemInsert[] | null = null;
  if (patch.line_items !== undefined || patch.discount !== undefined || patch.customer_id !== undefined) {
    const discount = patch.discount === undefined ? toDiscount(row) : patch.discount;
    const currentLines =
      patch.line_items ??
      state.lines.map((l) =>
        rederivedLine(
          {
            description: l.description,
            quantity: l.quantity,
            unit_price: l.unitPrice,
            tax_rate: l.taxRate,
            tax_category: l.taxCategory as TaxCategory | null,
            tax_exemption_reason: l.taxExemptionReason,
            tax_exemption_reason_code: l.taxExemptionReasonCode,
            unit_code: l.unitCode,
            product_id: l.productId,
            account_code: l.accountCode,
          },
          customer.tax_status,
          row.customerTaxStatus as TaxStatus,
        ),
      );
    const priced = priceInvoice({ lines: currentLines, discount, taxStatus: customer.tax_status, rounding: state.accountRow.roundingMode as RoundingMode });
    Object.assign(set, pricedColumns(priced, discount));
    set.customerTaxStatus = customer.tax_status;
    lines = linesToInsert(priced);
  }
  if (patch.customer_id && patch.customer_id !== row.customerId) {
    if (patch.billing_address === undefined) set.billingAddress = customer.billing_address ?? null;
    if (patch.shipping_address === undefined) set.shippingAddress = customer.shipping_address ?? null;
  }
  return { set, lines, customer };
}

function rowPeriod(row: InvoiceRow) {
  return row.billingPeriodStart && row.billingPeriodEnd ? { start: row.billingPeriodStart, end_inclusive: row.billingPeriodEnd } : null;
}

/** Deletes a draft with its lines; numbered invoices are never deleted, only voided. */
export async function deleteDraft(ctx: InvoiceContext, id: string): Promise<void> {
  await withFreshRow(ctx, await loadState(ctx, id), async (state) => {
    const { row } = state;
    assertCanApply("delete", row.status as InvoiceStatus);
    const event = { type: "invoice.deleted", actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
    return (await deleteDraftRow(ctx.db, row, event, invoiceOf(state, row, ctx.baseUrl), ctx.now().toISOString())) ? true : RETRY;
  });
}
