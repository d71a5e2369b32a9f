import { and, eq, exists, getTableColumns, is, SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { PricedLine } from "../domain/totals";
import { newId } from "../ids";
import type { Db } from "./client";
import type { InvoiceRow } from "./invoice-queries";
import { type EventPatch, eventInsert, type NewEvent } from "./event-writes";
import { invoices, lineItems } from "./schema";

/*
 * D1 has no interactive transactions: a batch is one transaction, so every state change is a
 * batch whose first statement is the guarded write (WHERE version = the version we read)
 * and whose other statements only take effect if that write happened. The guarded write
 * stamps a fresh random mutation_id; the others test for it (`guard`).
 */

export type InvoiceSet = SQLiteUpdateSetSource<typeof invoices>;
export type InvoiceInsert = typeof invoices.$inferInsert;
export type Statement = BatchItem<"sqlite">;

/** An invoice's event; its `object` is the invoice as written (see applyGuardedChange). */
export type InvoiceEvent = Omit<NewEvent, "object">;

export type GuardedChange = {
  /** The invoice as read: the write applies only if it is still at this version. */
  row: InvoiceRow;
  set: InvoiceSet;
  /** Extra conditions on the invoice row (e.g. amount_paid + amount <= total_amount). */
  where?: SQL[];
  /** Statements that run only if the write happened: each is given the guard to test. */
  after?: (guard: SQL) => Statement[];
  events: InvoiceEvent[];
  /** The invoice as the API shows it, from the row as written: every event's `data.object`. */
  snapshot: (written: InvoiceRow) => unknown;
  now: string;
};

/** True inside the batch once the invoice carries `mutationId`, i.e. the guarded write happened. */
export const appliedGuard = (db: Db, invoiceId: string, mutationId: string): SQL =>
  exists(
    db
      .select({ one: sql`1` })
      .from(invoices)
      .where(and(eq(invoices.id, invoiceId), eq(invoices.mutationId, mutationId))),
  );

/** Runs the change; the invoice as written, or null when it moved on (version) or a guard failed. */
export async function applyGuardedChange(db: Db, change: GuardedChange): Promise<InvoiceRow | null> {
  const { row } = change;
  const mutationId = newId("mut");
  const update = db
    .update(invoices)
    .set({ ...change.set, version: sql`${invoices.version} + 1`, mutationId, updatedAt: change.now })
    .where(and(eq(invoices.id, row.id), eq(invoices.accountId, row.accountId), eq(invoices.version, row.version), ...(change.where ?? [])))
    .returning();
  const guard = appliedGuard(db, row.id, mutationId);
  // The version guard means the row as written is the row as read with `set` applied, so the
  // snapshot is made here, before the batch, and lands in the same transaction as the change.
  const { written, patches } = writtenRow(row, change.set, mutationId, change.now);
  const object = change.snapshot(written);
  const eventPatches = patchesIn(object, patches);
  const [result] = await db.batch([
    update,
    ...(change.after?.(guard) ?? []),
    ...change.events.map((e) => eventInsert(db, row.accountId, { type: "invoice", id: row.id }, { ...e, object, patches: eventPatches }, change.now, guard)),
  ]);
  return (result as InvoiceRow[])[0] ?? null;
}

/**
 * The row as the guarded UPDATE will leave it. A value only known inside the batch (the
 * invoice number, computed from its series) stands in as a placeholder that the event's
 * insert replaces with the written column (see patchesIn).
 */
function writtenRow(row: InvoiceRow, set: InvoiceSet, mutationId: string, now: string) {
  const written: Record<string, unknown> = { ...row, version: row.version + 1, mutationId, updatedAt: now };
  const patches = new Map<string, SQL>();
  for (const [key, value] of Object.entries(set)) {
    if (is(value, SQL)) {
      const placeholder = `\u0000written:${key}`;
      const column = invoices[key as keyof typeof invoices.$inferSelect];
      patches.set(placeholder, sql`(SELECT ${column} FROM ${invoices} WHERE ${invoices.id} = ${row.id})`);
      written[key] = placeholder;
    } else written[key] = value;
  }
  return { written: written as InvoiceRow, patches };
}

/** JSON paths in the snapshot that hold a placeholder, with the SQL that yields their value. */
function patchesIn(object: unknown, placeholders: Map<string, SQL>): EventPatch[] {
  if (placeholders.size === 0) return [];
  const found: EventPatch[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string" && placeholders.has(value)) found.push({ path, value: placeholders.get(value)! });
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`);
  };
  walk(object, "$.object");
  // A placeholder the snapshot transformed (rather than copied) cannot be patched: a bug, not data.
  if (JSON.stringify(object).split("\\u0000written:").length - 1 !== found.length)
    throw new Error("An event snapshot derives a value from a column known only inside the batch");
  return found;
}

/** A priced line as stored: the domain's priced line plus its id and position. */
export type LineItemInsert = PricedLine & { id: string; position: number };

/**
 * Inserts all lines in one statement with one JSON parameter (D1 allows 100 bound parameters
 * a statement; a 500-line invoice stays one query), only if the guard holds when given.
 */
export function lineItemsInsert(db: Db, accountId: string, invoiceId: string, lines: LineItemInsert[], guard?: SQL) {
  const field = (name: string) => sql.raw(`value ->> '$.${name}'`);
  return db.insert(lineItems).select(
    db
      .select({
        id: sql`${field("id")}`.as("id"),
        accountId: sql`${accountId}`.as("account_id"),
        invoiceId: sql`${invoiceId}`.as("invoice_id"),
        position: sql`${field("position")}`.as("position"),
        description: sql`${field("description")}`.as("description"),
        quantity: sql`${field("quantity")}`.as("quantity"),
        unitPrice: sql`${field("unit_price")}`.as("unit_price"),
        amount: sql`${field("amount")}`.as("amount"),
        taxRate: sql`${field("tax_rate")}`.as("tax_rate"),
        taxAmount: sql`${field("tax_amount")}`.as("tax_amount"),
        // Stored as named, not as derived: see lineItems.taxCategory.
        taxCategory: sql`${field("tax_category_override")}`.as("tax_category"),
        taxExemptionReason: sql`${field("tax_exemption_reason")}`.as("tax_exemption_reason"),
        taxExemptionReasonCode: sql`${field("tax_exemption_reason_code")}`.as("tax_exemption_reason_code"),
        unitCode: sql`${field("unit_code")}`.as("unit_code"),
        productId: sql`${field("product_id")}`.as("product_id"),
        accountCode: sql`${field("account_code")}`.as("account_code"),
        metadata: sql`NULL`.as("metadata"),
      })
      .from(sql`json_each(${JSON.stringify(lines)})`)
      .where(guard ?? sql`1`),
  );
}

/** Deletes the invoice's lines, only if the guard holds (a draft being replaced or deleted). */
export const lineItemsDelete = (db: Db, accountId: string, invoiceId: string, guard: SQL) =>
  db.delete(lineItems).where(and(eq(lineItems.accountId, accountId), eq(lineItems.invoiceId, invoiceId), guard));

/** A new draft: the invoice row, its lines and its creation event (with the draft as `data.object`) in one batch. */
export async function insertDraft(
  db: Db,
  row: typeof invoices.$inferInsert,
  lines: LineItemInsert[],
  event: InvoiceEvent,
  snapshot: (written: InvoiceRow) => unknown,
): Promise<InvoiceRow> {
  const [inserted] = await db.batch([
    db.insert(invoices).values(row).returning(),
    lineItemsInsert(db, row.accountId, row.id, lines),
    eventInsert(db, row.accountId, { type: "invoice", id: row.id }, { ...event, object: snapshot(withColumnDefaults(row)) }, row.createdAt),
  ]);
  return inserted[0]!;
}

/** The row an insert writes: the values given, each column left out at its default. */
export function withColumnDefaults(row: typeof invoices.$inferInsert): InvoiceRow {
  const full: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(invoices))) full[key] = (row as Record<string, unknown>)[key] ?? column.default ?? null;
  return full as InvoiceRow;
}

/** Deletes a draft with its lines and records it (the draft as it was is `data.object`); false when it changed since it was read. */
export async function deleteDraftRow(db: Db, row: InvoiceRow, event: InvoiceEvent, object: unknown, now: string): Promise<boolean> {
  const { accountId, id: invoiceId, version } = row;
  const stillThatDraft = exists(
    db
      .select({ one: sql`1` })
      .from(invoices)
      .where(and(eq(invoices.id, invoiceId), eq(invoices.accountId, accountId), eq(invoices.status, "draft"), eq(invoices.version, version))),
  );
  const results = await db.batch([
    eventInsert(db, accountId, { type: "invoice", id: invoiceId }, { ...event, object }, now, stillThatDraft),
    lineItemsDelete(db, accountId, invoiceId, stillThatDraft),
    db
      .delete(invoices)
      .where(and(eq(invoices.id, invoiceId), eq(invoices.accountId, accountId), eq(invoices.status, "draft"), eq(invoices.version, version)))
      .returning({ id: invoices.id }),
  ]);
  return (results[2] as { id: string }[]).length === 1;
}
