/**
 * Whether D1 refused a write for a UNIQUE or PRIMARY KEY constraint. Drizzle wraps a single
 * query's error (DrizzleQueryError, the D1 text in `cause`) but not a batch's, so the whole
 * cause chain is read.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (/UNIQUE constraint failed|PRIMARY KEY constraint failed/.test(String((e as Error).message ?? e))) return true;
  return false;
}
