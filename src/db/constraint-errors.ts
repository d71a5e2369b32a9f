/**
 * Whether D1 refused a write for a UNIQUE or PRIMARY KEY constraint. Drizzle wraps a single
 * query's error (DrizzleQueryError, the D1 text in `cause`) but not a batch's, so the whole
 * cause chain is read.
 */
export const isUniqueViolation = (err: unknown) => causeMatches(err, /UNIQUE constraint failed|PRIMARY KEY constraint failed/);

/** Whether D1 refused a write because a row it points at is gone (an invoice's customer deleted meanwhile). */
export const isForeignKeyViolation = (err: unknown) => causeMatches(err, /FOREIGN KEY constraint failed/);

/** Whether the database has no tables yet: its migrations were never applied (`wrangler dev` alone does not). */
export const isMissingSchema = (err: unknown) => causeMatches(err, /no such table/);

function causeMatches(err: unknown, pattern: RegExp): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (pattern.test(String((e as Error).message ?? e))) return true;
  return false;
}
