import { and, eq, exists, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { PricedLine } from "../domain/totals";
import { newId, randomToken } from "../ids";
import type { Db } from "./client";
import type { InvoiceRow } from "./invoice-queries";
import { invoiceEvents, invoices, lineItems } from "./schema";

/*
 * D1 has no interactive transactions: a batch is one transaction, so every state change is a
 * batch whose first statement is the guarded write (WHERE version = the version we read)
 * and whose other statements only take effect if that write happened. The guarded write
 * stamps a fresh random mutation_id; the others test for it (`guard`).
 */

export type InvoiceSet = SQLiteUpdateSetSource<typeof invoices>;
export type Statement = BatchItem<"sqlite">;

export type InvoiceEvent = {
  type: string;
  data?: Record<string, unknown>;
  actor: string;
  requestId?: string | null;
  /** The request's Idempotency-Key: a retry whose answer was lost recognises its own change by it. */
  idempotencyKey?: string | null;
};

export type GuardedChange = {
  accountId: string;
  invoiceId: string;
  expectedVersion: number;
  set: InvoiceSet;
  /** Extra conditions on the invoice row (e.g. amount_paid + amount <= total_amount). */
  where?: SQL[];
  /** Statements that run only if the write happened: each is given the guard to test. */
  after?: (guard: SQL) => Statement[];
  events: InvoiceEvent[];
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
  const mutationId = newId("mut");
  const update = db
    .update(invoices)
    .set({ ...change.set, version: sql`${invoices.version} + 1`, mutationId, updatedAt: change.now })
    .where(
      and(eq(invoices.id, change.invoiceId), eq(invoices.accountId, change.accountId), eq(invoices.version, change.expectedVersion), ...(change.where ?? [])),
    )
    .returning();
  const guard = appliedGuard(db, change.invoiceId, mutationId);
  const [written] = await db.batch([
    update,
    ...(change.after?.(guard) ?? []),
    ...change.events.map((e) => eventInsert(db, change.accountId, change.invoiceId, e, change.now, guard)),
  ]);
  return (written as InvoiceRow[])[0] ?? null;
}

let eventCounter = 0;

/**
 * Event ids sort in the order they were made: the timeline is read by (created_at, id), and
 * the events of one batch (payment_recorded, then paid) share created_at, so a random id
 * would shuffle them. Time and a per-isolate counter first, randomness after for uniqueness.
 */
export function newEventId(now = Date.now()): string {
  eventCounter = (eventCounter + 1) % 36 ** 4;
  return `evt_${now.toString(36).padStart(9, "0")}${eventCounter.toString(36).padStart(4, "0")}${randomToken(10)}`;
}

/** Records an event; with a guard, only if the batch's guarded write happened. */
export function eventInsert(db: Db, accountId: string, invoiceId: string, e: InvoiceEvent, now: string, guard?: SQL) {
  const values = {
    id: newEventId(),
    accountId,
    invoiceId,
    type: e.type,
    data: e.data ?? {},
    actor: e.actor,
    requestId: e.requestId ?? null,
    idempotencyKey: e.idempotencyKey ?? null,
    createdAt: now,
  };
  if (!guard) return db.insert(invoiceEvents).values(values);
  // INSERT … SELECT <the values> WHERE <guard>: the row exists only if the guarded write happened.
  return db.insert(invoiceEvents).select(
    db
      .select({
        id: sql`${values.id}`.as("id"),
        accountId: sql`${accountId}`.as("account_id"),
        invoiceId: sql`${invoiceId}`.as("invoice_id"),
        type: sql`${values.type}`.as("type"),
        data: sql`${JSON.stringify(values.data)}`.as("data"),
        actor: sql`${values.actor}`.as("actor"),
        requestId: sql`${values.requestId}`.as("request_id"),
        idempotencyKey: sql`${values.idempotencyKey}`.as("idempotency_key"),
        createdAt: sql`${now}`.as("created_at"),
      })
      .from(sql`(SELECT 1)`)
      .where(guard),
  );
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

/** A new draft: the invoice row, its lines and its creation event in one batch. */
export async function insertDraft(db: Db, row: typeof invoices.$inferInsert, lines: LineItemInsert[], event: InvoiceEvent): Promise<InvoiceRow> {
  const [inserted] = await db.batch([
    db.insert(invoices).values(row).returning(),
    lineItemsInsert(db, row.accountId, row.id, lines),
    eventInsert(db, row.accountId, row.id, event, row.createdAt),
  ]);
  return inserted[0]!;
}

/** Deletes a draft with its lines and records it; false when it changed since `version`. */
export async function deleteDraftRow(db: Db, accountId: string, invoiceId: string, version: number, event: InvoiceEvent, now: string): Promise<boolean> {
  const stillThatDraft = exists(
    db
      .select({ one: sql`1` })
      .from(invoices)
      .where(and(eq(invoices.id, invoiceId), eq(invoices.accountId, accountId), eq(invoices.status, "draft"), eq(invoices.version, version))),
  );
  const results = await db.batch([
    eventInsert(db, accountId, invoiceId, event, now, stillThatDraft),
    lineItemsDelete(db, accountId, invoiceId, stillThatDraft),
    db
      .delete(invoices)
      .where(and(eq(invoices.id, invoiceId), eq(invoices.accountId, accountId), eq(invoices.status, "draft"), eq(invoices.version, version)))
      .returning({ id: invoices.id }),
  ]);
  return (results[2] as { id: string }[]).length === 1;
}
