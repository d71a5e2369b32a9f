import { and, asc, desc, eq, gt, lt, or, type AnyColumn, type SQL } from "drizzle-orm";
import { DomainError } from "../domain/errors";

export type SortDirection = "asc" | "desc";
export type PageRequest = { limit: number; starting_after?: string; ending_before?: string };
export type Cursor = { value: string | number; id: string };

/**
 * Keyset pagination over (sort column, id): stable under inserts, and an index on
 * (account_id, column, id) answers it without scanning what came before.
 * `starting_after` walks forward in the list's order, `ending_before` walks back.
 */
export function keyset(sortColumn: AnyColumn, idColumn: AnyColumn, direction: SortDirection, page: PageRequest, cursor: Cursor | null) {
  // With both, the cursor came from starting_after but the walk went backwards: refuse, as Stripe does.
  if (page.starting_after !== undefined && page.ending_before !== undefined)
    throw new DomainError("ending_before", "Use starting_after or ending_before, not both.");
  const backwards = page.ending_before !== undefined;
  // Walking backwards reads the list in the opposite order, then flips the page.
  const readAscending = (direction === "asc") !== backwards;
  const after = readAscending ? gt : lt;
  const condition: SQL | undefined = cursor ? or(after(sortColumn, cursor.value), and(eq(sortColumn, cursor.value), after(idColumn, cursor.id))) : undefined;
  const order = readAscending ? [asc(sortColumn), asc(idColumn)] : [desc(sortColumn), desc(idColumn)];
  return {
    condition,
    orderBy: order,
    take: page.limit + 1,
    /** Trims the extra row, restores list order, and says whether more remain. */
    finish<T>(rows: T[]): { data: T[]; has_more: boolean } {
      const has_more = rows.length > page.limit;
      const data = rows.slice(0, page.limit);
      return { data: backwards ? data.reverse() : data, has_more };
    },
  };
}
