import type { PricedLine } from "../domain/totals";
import { newId, randomToken } from "../ids";

/*
 * D1 has no interactive transactions: a batch is one transaction, so every state change is a
 * batch whose first statement is the guarded write (WHERE version = the version we read)
 * and whose other statements only take effect if that write happened. The guarded write
 * stamps a fresh random mutation_id; the others test for it.
 */

export type SqlExpr = { sql: string; params: unknown[] };
export type ColumnValue = string | number | boolean | null | SqlExpr;

export type InvoiceEvent = { type: string; data?: Record<string, unknown>; actor: string; requestId?: string | null; idempotencyKey?: string | null };

export type GuardedChange = {
  accountId: string;
  invoiceId: string;
  expectedVersion: number;
  /** Column name → value or SQL expression. */
  set: Record<string, ColumnValue>;
  /** Extra WHERE conditions on the invoice row (e.g. "amount_paid + ? <= total_amount"). */
  where?: SqlExpr[];
  /** Statements that must run before the write in the same transaction (rarely needed). */
  before?: D1PreparedStatement[];
  /** Statements that run only if the write happened; build them with `onlyIfApplied`. */
  after?: (guard: SqlExpr) => D1PreparedStatement[];
  events: InvoiceEvent[];
  now: string;
};

const isExpr = (v: ColumnValue): v is SqlExpr => typeof v === "object" && v !== null;

/** Runs the change; false when the invoice moved on (version changed) or a guard failed. */
export async function applyGuardedChange(d1: D1Database, change: GuardedChange): Promise<boolean> {
  const mutationId = newId("mut");
  const assignments: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of Object.entries(change.set)) {
    if (isExpr(value)) {
      assignments.push(`${column} = ${value.sql}`);
      params.push(...value.params);
    } else {
      assignments.push(`${column} = ?`);
      params.push(typeof value === "boolean" ? Number(value) : value);
    }
  }
  assignments.push("version = version + 1", "mutation_id = ?", "updated_at = ?");
  params.push(mutationId, change.now);
  const conditions = ["id = ?", "account_id = ?", "version = ?", ...(change.where ?? []).map((w) => w.sql)];
  const whereParams = [change.invoiceId, change.accountId, change.expectedVersion, ...(change.where ?? []).flatMap((w) => w.params)];

  const guard: SqlExpr = { sql: "EXISTS (SELECT 1 FROM invoices WHERE id = ? AND mutation_id = ?)", params: [change.invoiceId, mutationId] };
  const update = d1.prepare(`UPDATE invoices SET ${assignments.join(", ")} WHERE ${conditions.join(" AND ")}`).bind(...params, ...whereParams);
  const statements = [
    ...(change.before ?? []),
    update,
    ...(change.after?.(guard) ?? []),
    ...change.events.map((e) => eventStatement(d1, change.accountId, change.invoiceId, e, change.now, guard)),
  ];
  const results = await d1.batch(statements);
  return results[change.before?.length ?? 0]!.meta.changes === 1;
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

export function eventStatement(d1: D1Database, accountId: string, invoiceId: string, e: InvoiceEvent, now: string, guard?: SqlExpr) {
  const values = [newEventId(), accountId, invoiceId, e.type, JSON.stringify(e.data ?? {}), e.actor, e.requestId ?? null, e.idempotencyKey ?? null, now];
  if (!guard)
    return d1
      .prepare(
        "INSERT INTO invoice_events (id, account_id, invoice_id, type, data, actor, request_id, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(...values);
  return d1
    .prepare(
      `INSERT INTO invoice_events (id, account_id, invoice_id, type, data, actor, request_id, idempotency_key, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(...values, ...guard.params);
}

/** A priced line as stored: the domain's priced line plus its id and position. */
export type LineItemInsert = PricedLine & { id: string; position: number };

/** Inserts all lines in one statement (one JSON parameter), so 500 lines stay one query. */
export function insertLinesStatement(d1: D1Database, accountId: string, invoiceId: string, lines: LineItemInsert[], guard?: SqlExpr) {
  const sql = `INSERT INTO line_items (id, account_id, invoice_id, position, description, quantity, unit_price, amount, tax_rate, tax_amount, product_id, account_code)
    SELECT value ->> '$.id', ?, ?, value ->> '$.position', value ->> '$.description', value ->> '$.quantity', value ->> '$.unit_price',
           value ->> '$.amount', value ->> '$.tax_rate', value ->> '$.tax_amount', value ->> '$.product_id', value ->> '$.account_code'
    FROM json_each(?)${guard ? ` WHERE ${guard.sql}` : ""}`;
  return d1.prepare(sql).bind(accountId, invoiceId, JSON.stringify(lines), ...(guard?.params ?? []));
}
