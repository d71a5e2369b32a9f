/*
 * Every filter × sort × direction × page position that listInvoices can issue, the SQL it
 * really issues for each (recorded from the real function through a D1 wrapper, so a change
 * in the query builder shows up here), and what counts as an index-backed plan. Used by
 * `npm run bench` (printing plans over 100,000 invoices) and by test/unit/query-plans.test.ts.
 */
import { createDb } from "../../src/db/client";
import { INVOICE_SORTS, listInvoices, type InvoiceListFilter } from "../../src/db/invoice-queries";

export type RecordedStatement = { sql: string; params: unknown[] };

/** A D1Database that logs every bound statement and otherwise behaves like `inner`. */
export function recordingD1(inner: D1Database, log: RecordedStatement[]): D1Database {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === "prepare")
        return (sql: string) => {
          const stmt = target.prepare(sql);
          return new Proxy(stmt, {
            get(s, p) {
              if (p === "bind")
                return (...params: unknown[]) => {
                  log.push({ sql, params });
                  return s.bind(...params);
                };
              const v = Reflect.get(s, p);
              return typeof v === "function" ? v.bind(s) : v;
            },
          });
        };
      const v = Reflect.get(target, prop);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** A D1 that answers every query with no rows, except cursor lookups, which find `cursorRow`. */
export function emptyD1(): D1Database {
  const stmt = {
    bind: () => stmt,
    all: async () => ({ results: [], success: true, meta: {} }),
    raw: async () => [],
    first: async () => null,
    run: async () => ({ results: [], success: true, meta: { changes: 0 } }),
  };
  return { prepare: () => stmt, batch: async () => [] } as unknown as D1Database;
}

export const LIST_FILTERS: Record<string, Partial<InvoiceListFilter>> = {
  none: {},
  status: { status: "sent" },
  overdue: { overdue: true },
  customer: { customer_id: "cus_benchread0007" },
  issue_range: { issue_date_gte: "2024-03-01", issue_date_lte: "2024-06-30" },
  due_range: { due_date_gte: "2024-03-01", due_date_lte: "2024-06-30" },
  status_customer: { status: "sent", customer_id: "cus_benchread0007" },
};

export type ListCase = { name: string; filter: InvoiceListFilter; usesCursor: boolean };

export function listCases(cursorId: string): ListCase[] {
  const cases: ListCase[] = [];
  for (const [filterName, filter] of Object.entries(LIST_FILTERS))
    for (const sort of INVOICE_SORTS)
      for (const order of ["desc", "asc"] as const)
        for (const usesCursor of [false, true])
          cases.push({
            name: `${filterName} sort=${sort} ${order}${usesCursor ? " after cursor" : ""}`,
            filter: { limit: 20, sort, order, ...filter, ...(usesCursor ? { starting_after: cursorId } : {}) },
            usesCursor,
          });
  return cases;
}

/** The page query (the SELECT from invoices with ORDER BY) that listInvoices issues for `filter`. */
export async function listPageStatement(d1: D1Database, accountId: string, filter: InvoiceListFilter): Promise<RecordedStatement> {
  const log: RecordedStatement[] = [];
  await listInvoices(createDb(recordingD1(d1, log)), accountId, filter, "http://bench.invalid");
  const page = log.find((s) => /from "invoices"/i.test(s.sql) && /order by/i.test(s.sql));
  if (!page) throw new Error(`listInvoices issued no page query for ${JSON.stringify(filter)}: ${log.map((s) => s.sql).join("\n")}`);
  return page;
}

/** SQL with its parameters written in, for running it where binding is not offered (wrangler d1 execute). */
export function inlineParams({ sql, params }: RecordedStatement): string {
  let i = 0;
  return sql.replace(/\?/g, () => {
    const v = params[i++];
    return typeof v === "number" ? String(v) : v == null ? "NULL" : `'${String(v).replaceAll("'", "''")}'`;
  });
}

export type PlanRow = { id: number; parent: number; detail: string };

/** A full scan of invoices: "SCAN invoices" not followed by "USING [COVERING] INDEX". */
export const scansInvoicesWithoutIndex = (plan: PlanRow[]) => plan.some((r) => /^SCAN invoices\b(?! USING)/.test(r.detail));
/** The rows were sorted after reading rather than read in index order. */
export const sortsInTempBTree = (plan: PlanRow[]) => plan.some((r) => /TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY/.test(r.detail));
