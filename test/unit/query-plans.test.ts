/*
 * Every list filter and sort must be answered through an index on invoices: a full scan
 * grows with the account. The SQL is what listInvoices really issues (recorded through a
 * D1 wrapper), explained by the same SQLite that runs it here.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { listCases, listPageStatement, scansInvoicesWithoutIndex, type PlanRow } from "../../bench/lib/list-query-plans";

const ACCOUNT = "acct_plans";
const CURSOR = "inv_plans0001";

beforeAll(async () => {
  const now = "2026-01-01T00:00:00.000Z";
  await env.DB.batch([
    env.DB.prepare("INSERT INTO accounts (id, name, created_at, updated_at) VALUES (?, 'Plans', ?, ?)").bind(ACCOUNT, now, now),
    env.DB.prepare("INSERT INTO customers (id, account_id, name, metadata, created_at, updated_at) VALUES ('cus_benchread0007', ?, 'C', '{}', ?, ?)").bind(
      ACCOUNT,
      now,
      now,
    ),
    env.DB.prepare(
      `INSERT INTO invoices (id, account_id, customer_id, status, currency, issue_date, due_date, subtotal, tax_amount, total_amount, metadata, created_at, updated_at)
       VALUES (?, ?, 'cus_benchread0007', 'sent', 'USD', '2024-04-01', '2024-05-01', 100, 0, 100, '{}', ?, ?)`,
    ).bind(CURSOR, ACCOUNT, now, now),
  ]);
});

async function plan(sql: string, params: unknown[]): Promise<PlanRow[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<PlanRow>();
  return results;
}

describe("listInvoices query plans", () => {
  it("covers every filter, sort, direction and page position", () => {
    expect(listCases(CURSOR)).toHaveLength(7 * 4 * 2 * 2);
  });

  it("detects a full scan when there is one (the check itself can fail)", async () => {
    const rows = await plan("SELECT * FROM invoices WHERE memo = ?", ["x"]);
    expect(scansInvoicesWithoutIndex(rows)).toBe(true);
  });

  for (const c of listCases(CURSOR)) {
    it(`reads invoices through an index: ${c.name}`, async () => {
      const statement = await listPageStatement(env.DB, ACCOUNT, c.filter);
      const rows = await plan(statement.sql, statement.params);
      const onInvoices = rows.filter((r) => /\binvoices\b/.test(r.detail));
      expect(onInvoices.length, JSON.stringify(rows)).toBeGreaterThan(0);
      expect(scansInvoicesWithoutIndex(rows), JSON.stringify(rows)).toBe(false);
      for (const r of onInvoices)
        expect(r.detail, JSON.stringify(rows)).toMatch(
          /USING (COVERING )?INDEX invoices_account_|USING INTEGER PRIMARY KEY|USING INDEX sqlite_autoindex_invoices/,
        );
    });
  }
});
