import { execFileSync } from "node:child_process";
import { WRANGLER } from "./dev-server";
import { emptyD1, inlineParams, listCases, listPageStatement, type PlanRow, scansInvoicesWithoutIndex, sortsInTempBTree } from "./list-query-plans";
import type { LocalD1 } from "./local-d1";
import type { Table, Target } from "./report";
import { LARGE, read } from "./workload";

/** EXPLAIN QUERY PLAN of every list filter × sort on `db`: the table and the "every plan uses an index" target. */
export async function queryPlansSection(db: LocalD1): Promise<{ table: Table; target: Target }> {
  const cases = listCases("inv_cursor").filter((c) => !c.usesCursor);
  const sqls: string[] = [];
  for (const c of cases) sqls.push(`EXPLAIN QUERY PLAN ${inlineParams(await listPageStatement(emptyD1(), read.id, c.filter))}`);
  const out = execFileSync(
    WRANGLER,
    ["d1", "execute", "DB", "--local", "-c", db.config, "--persist-to", db.persistTo, "--json", "--command", sqls.join(";\n")],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    },
  );
  const plans = (JSON.parse(out) as Array<{ results: PlanRow[] }>).map((p) => p.results);
  const rows = cases.map((c, i) => {
    const plan = plans[i]!;
    return [c.name, plan.map((r) => r.detail).join("; "), scansInvoicesWithoutIndex(plan) ? "FULL SCAN" : sortsInTempBTree(plan) ? "index + sort" : "index"];
  });
  const fullScans = rows.filter((r) => r[2] === "FULL SCAN").length;
  const target = { name: "list plans use an index", limit: "every filter × sort", actual: `${rows.length - fullScans}/${rows.length}`, pass: fullScans === 0 };
  const table: Table = {
    title: `EXPLAIN QUERY PLAN of every list filter × sort (first page; ${LARGE.toLocaleString("en-US")} invoices; cursor pages are asserted in test/unit/query-plans.test.ts)`,
    header: ["filter, sort", "plan", "verdict"],
    rows,
    note: '"index + sort": the rows come through an index, but the page is sorted in a temporary B-tree, so its cost grows with the rows the filter matches.',
  };
  return { table, target };
}
