/*
 * A page of the account re-sync must seek to its cursor in an index: a plan that reads (or
 * sorts) every open invoice of the account per page makes re-arming 100,000 invoices read
 * billions of rows. The SQL is what openInvoiceIdsPage issues, recorded through a D1 wrapper.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { type RecordedStatement, recordingD1, type PlanRow } from "../../bench/lib/list-query-plans";
import { createDb } from "../../src/db/client";
import { openInvoiceIdsPage } from "../../src/db/schedule-queries";

async function pagePlan(after: string | undefined): Promise<string[]> {
  const log: RecordedStatement[] = [];
  await openInvoiceIdsPage(createDb(recordingD1(env.DB, log)), "acct_plan", after, 80);
  const [statement] = log;
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement!.sql}`)
    .bind(...statement!.params)
    .all<PlanRow>();
  return results.map((r) => r.detail);
}

it("reads the first page in index order, without a sort", async () => {
  const plan = await pagePlan(undefined);
  expect(plan[0], JSON.stringify(plan)).toMatch(/^SEARCH invoices USING INDEX invoices_account_created_idx \(account_id=\?\)$/);
  expect(plan.join("\n")).not.toMatch(/TEMP B-TREE/);
});

it("seeks to the cursor's (created_at, id) for every later page, finding the cursor by its primary key", async () => {
  const plan = await pagePlan("inv_cursor");
  expect(plan[0], JSON.stringify(plan)).toMatch(/^SEARCH invoices USING INDEX invoices_account_created_idx \(account_id=\? AND \(created_at,id\)>\(\?,\?\)\)$/);
  expect(plan.join("\n")).toMatch(/SEARCH cursor USING INDEX sqlite_autoindex_invoices_1 \(id=\?\)/);
  expect(plan.join("\n")).not.toMatch(/TEMP B-TREE/);
});
