import { type AnyColumn, sql } from "drizzle-orm";

/**
 * `column IN (<values>)` with the values bound as one JSON array: D1 allows 100 bound
 * parameters a statement, and a page of ids must not depend on that.
 */
export const inJsonList = (column: AnyColumn, values: readonly string[]) =>
  sql`${column} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(values)])}))`;
