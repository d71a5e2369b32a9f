import { and, asc, eq, sql, sum } from "drizzle-orm";
import type { CreditableLine, CreditNoteReason } from "../domain/credit-notes";
import type { TaxStatus } from "../domain/types";
import type { Db } from "./client";
import { inJsonList } from "./json-list";
import { type LineItemRow, storedLineCategory } from "./invoice-queries";
import { keyset, type PageRequest } from "./pagination";
import { creditNoteLines, creditNotes, invoices } from "./schema";

export type CreditNoteRow = typeof creditNotes.$inferSelect;
export type CreditNoteLineRow = typeof creditNoteLines.$inferSelect;

/** A credit note as the API shows it. */
export type CreditNote = ReturnType<typeof toCreditNote>;

export function toCreditNote(row: CreditNoteRow, lines: CreditNoteLineRow[], invoiceNumber: string | null, baseUrl: string) {
  return {
    id: row.id,
    object: "credit_note" as const,
    number: row.number,
    status: row.status as "issued" | "void",
    invoice_id: row.invoiceId,
    invoice_number: invoiceNumber,
    customer_id: row.customerId,
    currency: row.currency,
    reason: row.reason as CreditNoteReason,
    memo: row.memo,
    issue_date: row.issueDate,
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        id: l.id,
        invoice_line_item_id: l.invoiceLineItemId,
        description: l.description,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        amount: l.amount,
        discount_amount: l.discountAmount,
        tax_rate: l.taxRate,
        tax_amount: l.taxAmount,
      })),
    subtotal: row.subtotal,
    discount_amount: row.discountAmount,
    tax_amount: row.taxAmount,
    total_amount: row.totalAmount,
    due_amount: row.dueAmount,
    refund_amount: row.refundAmount,
    credit_amount: row.creditAmount,
    out_of_band_amount: row.outOfBandAmount,
    metadata: row.metadata,
    pdf_url: `${baseUrl}/documents/credit_notes/${row.pdfToken}.pdf`,
    voided_at: row.voidedAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/** The invoice's lines with what its issued (not voided) notes credited of each. */
export async function creditableLines(db: Db, accountId: string, invoiceId: string, lines: LineItemRow[], taxStatus: TaxStatus): Promise<CreditableLine[]> {
  const credited = await db
    .select({
      lineId: creditNoteLines.invoiceLineItemId,
      amount: sum(creditNoteLines.amount),
      // Quantities are decimal text: summed in SQL as numbers of ten-thousandths, exactly.
      quantity: sql<number>`SUM(CAST(ROUND(COALESCE(${creditNoteLines.quantity}, '0') * 10000) AS INTEGER))`,
      discount: sum(creditNoteLines.discountAmount),
      tax: sum(creditNoteLines.taxAmount),
    })
    .from(creditNoteLines)
    .innerJoin(creditNotes, eq(creditNotes.id, creditNoteLines.creditNoteId))
    .where(and(eq(creditNoteLines.accountId, accountId), eq(creditNoteLines.invoiceId, invoiceId), eq(creditNotes.status, "issued")))
    .groupBy(creditNoteLines.invoiceLineItemId);
  const byLine = new Map(credited.map((c) => [c.lineId, c]));
  return [...lines]
    .sort((a, b) => a.position - b.position)
    .map((l) => {
      const c = byLine.get(l.id);
      return {
        id: l.id,
        description: l.description,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        amount: l.amount,
        tax_rate: l.taxRate,
        tax_amount: l.taxAmount,
        tax_category: storedLineCategory(l, taxStatus),
        credited: {
          amount: Number(c?.amount ?? 0),
          quantity: ((c?.quantity ?? 0) / 10000).toFixed(4).replace(/\.?0+$/, "") || "0",
          discount: Number(c?.discount ?? 0),
          tax: Number(c?.tax ?? 0),
        },
      };
    });
}

export async function findCreditNote(db: Db, accountId: string, id: string): Promise<{ row: CreditNoteRow; lines: CreditNoteLineRow[] } | null> {
  const [rows, lines] = await db.batch([
    db
      .select()
      .from(creditNotes)
      .where(and(eq(creditNotes.accountId, accountId), eq(creditNotes.id, id)))
      .limit(1),
    db
      .select()
      .from(creditNoteLines)
      .where(and(eq(creditNoteLines.accountId, accountId), eq(creditNoteLines.creditNoteId, id)))
      .orderBy(asc(creditNoteLines.position)),
  ]);
  return rows[0] ? { row: rows[0], lines } : null;
}

export type CreditNoteFilter = PageRequest & { invoice_id?: string; customer_id?: string };

/** Newest first, with their lines; null when the cursor names no note of the account. */
export async function listCreditNotes(db: Db, accountId: string, f: CreditNoteFilter) {
  const cursorId = f.starting_after ?? f.ending_before;
  const cursor = cursorId ? await findCreditNote(db, accountId, cursorId) : undefined;
  if (cursorId && !cursor) return null;
  const k = keyset(creditNotes.createdAt, creditNotes.id, "desc", f, cursor ? { value: cursor.row.createdAt, id: cursor.row.id } : null);
  const rows = await db
    .select()
    .from(creditNotes)
    .where(
      and(
        eq(creditNotes.accountId, accountId),
        f.invoice_id ? eq(creditNotes.invoiceId, f.invoice_id) : undefined,
        f.customer_id ? eq(creditNotes.customerId, f.customer_id) : undefined,
        k.condition,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.take);
  const page = k.finish(rows);
  const lines = page.data.length
    ? await db
        .select()
        .from(creditNoteLines)
        .where(
          and(
            eq(creditNoteLines.accountId, accountId),
            inJsonList(
              creditNoteLines.creditNoteId,
              page.data.map((r) => r.id),
            ),
          ),
        )
    : [];
  return { data: page.data.map((row) => ({ row, lines: lines.filter((l) => l.creditNoteId === row.id) })), has_more: page.has_more };
}

/** Ids of the invoice's notes, oldest first: Sequence's creditNoteIds. */
export async function creditNoteIdsOf(db: Db, accountId: string, invoiceId: string): Promise<string[]> {
  return (await creditNoteIdsByInvoice(db, accountId, [invoiceId])).get(invoiceId) ?? [];
}

/**
 * The note ids of each of these invoices, oldest first, in one query (a page of the Sequence
 * list reads them all at once). Void notes are listed too: their numbers stay taken, and the
 * note still exists and names the invoice. Invoices without notes are absent from the map.
 */
export async function creditNoteIdsByInvoice(db: Db, accountId: string, invoiceIds: string[]): Promise<Map<string, string[]>> {
  const byInvoice = new Map<string, string[]>();
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await db
    .select({ id: creditNotes.id, invoiceId: creditNotes.invoiceId })
    .from(creditNotes)
    .where(and(eq(creditNotes.accountId, accountId), inJsonList(creditNotes.invoiceId, invoiceIds)))
    .orderBy(asc(creditNotes.createdAt), asc(creditNotes.id));
  for (const r of rows) byInvoice.set(r.invoiceId, [...(byInvoice.get(r.invoiceId) ?? []), r.id]);
  return byInvoice;
}

/**
 * The numbers of the invoice's issued notes that took something off what it asks for (its
 * credited_amount), oldest first: what the pay page names beside the credit.
 */
export async function creditingNoteNumbers(db: Db, accountId: string, invoiceId: string): Promise<string[]> {
  const rows = await db
    .select({ number: creditNotes.number })
    .from(creditNotes)
    .where(and(eq(creditNotes.accountId, accountId), eq(creditNotes.invoiceId, invoiceId), eq(creditNotes.status, "issued"), sql`${creditNotes.dueAmount} > 0`))
    .orderBy(asc(creditNotes.createdAt), asc(creditNotes.id));
  return rows.map((r) => r.number);
}

/** The numbers of these invoices, for the notes that name them. */
export async function invoiceNumbers(db: Db, accountId: string, invoiceIds: string[]): Promise<Map<string, string | null>> {
  if (invoiceIds.length === 0) return new Map();
  const rows = await db
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(and(eq(invoices.accountId, accountId), inJsonList(invoices.id, invoiceIds)));
  return new Map(rows.map((r) => [r.id, r.number]));
}
