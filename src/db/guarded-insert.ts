import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

/**
 * INSERT … SELECT <the values> WHERE <guard>: a row that exists only if the batch's guarded
 * write happened (see appliedGuard in src/db/invoice-writes.ts). Values may be SQL (a number
 * computed inside the batch); the others are written as their columns map them (JSON columns
 * as text). The select lists every column in the table's order, as INSERT … SELECT requires.
 */
export function guardedInsert<T extends SQLiteTable>(db: Db, table: T, values: T["$inferInsert"], guard: SQL) {
  const selection: Record<string, SQL.Aliased> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = (values as Record<string, unknown>)[key] ?? column.default ?? null;
    const driver = is(value, SQL) ? value : value === null ? sql`NULL` : sql`${column.mapToDriverValue(value)}`;
    selection[key] = sql`${driver}`.as(column.name);
  }
  // biome-ignore lint/suspicious/noExplicitAny: drizzle types an insert's select by the table's own columns; the aliases above are exactly those.
  return db.insert(table).select(db.select(selection).from(sql`(SELECT 1)`).where(guard) as any);
}
