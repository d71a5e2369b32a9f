import { amountDue } from "../domain/lifecycle";
import { and, asc, eq, gte, lte, sql, type AnyColumn } from "drizzle-orm";
import type { Address, Customer, Discount, Invoice, InvoiceStatus, LineItem, PaymentLinkDisplay, TaxCategory, TaxStatus } from "../domain/types";
import { lineTaxCategory } from "../domain/e-invoice/tax-category";
import { asReminderPolicy } from "../domain/reminders";
import type { Db } from "./client";
import { toCustomer } from "./customer-queries";
import { keyset, type PageRequest, type SortDirection } from "./pagination";
import { inJsonList } from "./json-list";
import { type RefundRow, toRefund } from "./refund-queries";
import { customers, invoices, lineItems, refunds } from "./schema";

export type InvoiceRow = typeof invoices.$inferSelect;
export type LineItemRow = typeof lineItems.$inferSelect;

/** A stored line's VAT category: as it named it, or derived from the invoice's customer_tax_status and the rate. */
export const storedLineCategory = (row: LineItemRow, taxStatus: TaxStatus): TaxCategory =>
  lineTaxCategory(taxStatus, Number(row.taxRate) === 0, row.taxCategory as TaxCategory | null);

export function toLineItem(row: LineItemRow, taxStatus: TaxStatus): LineItem {
  return {
    id: row.id,
    description: row.description,
    quantity: Number(row.quantity),
    unit_price: row.unitPrice,
    amount: row.amount,
    tax_rate: Number(row.taxRate),
    tax_amount: row.taxAmount,
    tax_category: storedLineCategory(row, taxStatus),
    tax_exemption_reason: row.taxExemptionReason,
    tax_exemption_reason_code: row.taxExemptionReasonCode,
    unit_code: row.unitCode,
    ...(row.productId ? { product_id: row.productId } : {}),
    ...(row.accountCode ? { account_code: row.accountCode } : {}),
  };
}

export function toDiscount(row: Pick<InvoiceRow, "discountType" | "discountValue">): Discount | null {
  if (row.discountType === "amount") return { type: "amount", amount: row.discountValue ?? 0 };
  if (row.discountType === "percent") return { type: "percent", percent: row.discountValue ?? 0 };
  return null;
}

/** The API's invoice: row, its lines and its customer, with public links built from `baseUrl`. */
export function toInvoice(row: InvoiceRow, lines: LineItemRow[], customer: Customer, baseUrl: string, refunded: RefundRow[]): Invoice {
  return {
    id: row.id,
    object: "invoice",
    invoice_number: row.number,
    status: row.status as InvoiceStatus,
    customer_id: row.customerId,
    customer,
    issue_date: row.issueDate,
    due_date: row.dueDate,
    currency: row.currency,
    subtotal: row.subtotal,
    discount: toDiscount(row),
    discount_amount: row.discountAmount,
    tax_amount: row.taxAmount,
    total_amount: row.totalAmount,
    amount_paid: row.amountPaid,
    credited_amount: row.creditedAmount,
    amount_refunded: row.amountRefunded,
    refunds: refunded.map(toRefund),
    applied_balance: row.appliedBalance,
    amount_due: amountDue({
      total_amount: row.totalAmount,
      amount_paid: row.amountPaid,
      credited_amount: row.creditedAmount,
      applied_balance: row.appliedBalance,
    }),
    line_items: [...lines].sort((a, b) => a.position - b.position).map((l) => toLineItem(l, row.customerTaxStatus as TaxStatus)),
    billing_address: (row.billingAddress as Address | null) ?? null,
    shipping_address: (row.shippingAddress as Address | null) ?? null,
    customer_tax_status: row.customerTaxStatus as TaxStatus,
    payment_terms: row.paymentTerms,
    notes: row.notes,
    memo: row.memo,
    purchase_order_number: row.purchaseOrderNumber,
    reference: row.reference,
    billing_period: row.billingPeriodStart && row.billingPeriodEnd ? { start: row.billingPeriodStart, end_inclusive: row.billingPeriodEnd } : null,
    schedule_id: row.scheduleId ?? null,
    accounting_date: row.accountingDate,
    payment_link_display: (row.paymentLinkDisplay as PaymentLinkDisplay | null) ?? null,
    metadata: row.metadata ?? {},
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    finalized_at: row.finalizedAt,
    sent_at: row.sentAt,
    viewed_at: row.viewedAt,
    paid_at: row.paidAt,
    voided_at: row.voidedAt,
    marked_uncollectible_at: row.uncollectibleAt,
    sent_count: row.sentCount,
    last_sent_at: row.lastSentAt,
    reminders_enabled: row.remindersEnabled,
    reminder_policy: asReminderPolicy(row.reminderPolicy),
    reminders_sent: row.remindersSent,
    next_reminder_date: row.nextReminderAt,
    pdf_url: row.pdfToken ? `${baseUrl}/documents/${row.pdfToken}.pdf` : null,
    public_url: row.publicToken && !row.voidedAt ? `${baseUrl}/pay/${row.publicToken}` : null,
  };
}

export async function findInvoiceRow(db: Db, accountId: string, id: string) {
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, id), eq(invoices.accountId, accountId)))
    .limit(1);
  return row;
}

/**
 * The three reads of one invoice (its row, its lines in order, its customer) for one D1 batch:
 * the customer is found through the invoice row inside the batch, so the three are one round trip.
 */
export function invoiceReads(db: Db, accountId: string, id: string) {
  const ofInvoice = and(eq(invoices.id, id), eq(invoices.accountId, accountId));
  return [
    db.select().from(invoices).where(ofInvoice).limit(1),
    db
      .select()
      .from(lineItems)
      .where(and(eq(lineItems.accountId, accountId), eq(lineItems.invoiceId, id)))
      .orderBy(asc(lineItems.position)),
    db
      .select()
      .from(customers)
      .where(and(eq(customers.accountId, accountId), eq(customers.id, sql`(SELECT ${invoices.customerId} FROM ${invoices} WHERE ${ofInvoice})`)))
      .limit(1),
    db
      .select()
      .from(refunds)
      .where(and(eq(refunds.accountId, accountId), eq(refunds.invoiceId, id)))
      .orderBy(asc(refunds.createdAt), asc(refunds.id)),
  ] as const;
}

/** Loads one invoice with its lines and customer, or null (also for another account's id). */
export async function findInvoice(db: Db, accountId: string, id: string, baseUrl: string): Promise<Invoice | null> {
  const [rows, lines, custs, refunded] = await db.batch(invoiceReads(db, accountId, id));
  const row = rows[0];
  const customer = custs[0];
  return row && customer ? toInvoice(row, lines, toCustomer(customer), baseUrl, refunded) : null;
}

/** Lines and customers for many invoices in two queries, whatever the page size. */
export async function hydrate(db: Db, accountId: string, rows: InvoiceRow[], baseUrl: string): Promise<Invoice[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const customerIds = [...new Set(rows.map((r) => r.customerId))];
  const [lines, custs, refunded] = await Promise.all([
    db
      .select()
      .from(lineItems)
      .where(and(eq(lineItems.accountId, accountId), inJsonList(lineItems.invoiceId, ids)))
      .orderBy(asc(lineItems.position)),
    db
      .select()
      .from(customers)
      .where(and(eq(customers.accountId, accountId), inJsonList(customers.id, customerIds))),
    // Only invoices a credit note refunded have any: most pages read none.
    rows.some((r) => r.amountRefunded > 0)
      ? db
          .select()
          .from(refunds)
          .where(and(eq(refunds.accountId, accountId), inJsonList(refunds.invoiceId, ids)))
          .orderBy(asc(refunds.createdAt), asc(refunds.id))
      : Promise.resolve([] as RefundRow[]),
  ]);
  const byInvoice = new Map<string, LineItemRow[]>();
  for (const line of lines) byInvoice.set(line.invoiceId, [...(byInvoice.get(line.invoiceId) ?? []), line]);
  const customerById = new Map(custs.map((c) => [c.id, toCustomer(c)]));
  return rows.map((row) =>
    toInvoice(
      row,
      byInvoice.get(row.id) ?? [],
      customerById.get(row.customerId)!,
      baseUrl,
      refunded.filter((r) => r.invoiceId === row.id),
    ),
  );
}

export const INVOICE_SORTS = ["created_at", "issue_date", "due_date", "total_amount"] as const;
export type InvoiceSort = (typeof INVOICE_SORTS)[number];

const SORT_COLUMNS: Record<InvoiceSort, AnyColumn> = {
  created_at: invoices.createdAt,
  issue_date: invoices.issueDate,
  due_date: invoices.dueDate,
  total_amount: invoices.totalAmount,
};

export type InvoiceListFilter = PageRequest & {
  status?: InvoiceStatus;
  customer_id?: string;
  issue_date_gte?: string;
  issue_date_lte?: string;
  due_date_gte?: string;
  due_date_lte?: string;
  overdue?: boolean;
  sort: InvoiceSort;
  order: SortDirection;
};

/** A page of invoices; null when the cursor names no invoice of this account. */
export async function listInvoices(db: Db, accountId: string, f: InvoiceListFilter, baseUrl: string) {
  const sortColumn = SORT_COLUMNS[f.sort];
  const cursorId = f.starting_after ?? f.ending_before;
  const cursorRow = cursorId ? await findInvoiceRow(db, accountId, cursorId) : undefined;
  if (cursorId && !cursorRow) return null;
  const sortKey: Record<InvoiceSort, keyof InvoiceRow> = { created_at: "createdAt", issue_date: "issueDate", due_date: "dueDate", total_amount: "totalAmount" };
  const k = keyset(sortColumn, invoices.id, f.order, f, cursorRow ? { value: cursorRow[sortKey[f.sort]] as string | number, id: cursorRow.id } : null);
  const rows = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.accountId, accountId),
        f.status ? eq(invoices.status, f.status) : undefined,
        f.overdue ? eq(invoices.status, "overdue") : undefined,
        f.customer_id ? eq(invoices.customerId, f.customer_id) : undefined,
        f.issue_date_gte ? gte(invoices.issueDate, f.issue_date_gte) : undefined,
        f.issue_date_lte ? lte(invoices.issueDate, f.issue_date_lte) : undefined,
        f.due_date_gte ? gte(invoices.dueDate, f.due_date_gte) : undefined,
        f.due_date_lte ? lte(invoices.dueDate, f.due_date_lte) : undefined,
        k.condition,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.take);
  const { data, has_more } = k.finish(rows);
  return { data: await hydrate(db, accountId, data, baseUrl), has_more };
}

export async function invoiceExists(db: Db, accountId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.id, id), eq(invoices.accountId, accountId)))
    .limit(1);
  return Boolean(row);
}
