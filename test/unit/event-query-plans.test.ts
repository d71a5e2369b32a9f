/*
 * The events feed and the outbox sweep are read on every page and every minute; each must go
 * through an index on events (or webhook_deliveries), never a scan that grows with history.
 * The SQL is what the queries really issue, recorded through a D1 wrapper.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type PlanRow, type RecordedStatement, recordingD1 } from "../../bench/lib/list-query-plans";
import { createDb } from "../../src/db/client";
import { accountsWithUndispatchedEvents, strandedDeliveries, undispatchedEvents } from "../../src/db/dispatch-queries";
import { listEvents } from "../../src/db/event-queries";

async function recorded(run: (db: ReturnType<typeof createDb>) => Promise<unknown>): Promise<RecordedStatement[]> {
  const log: RecordedStatement[] = [];
  await run(createDb(recordingD1(env.DB, log)));
  return log;
}

async function plan({ sql, params }: RecordedStatement): Promise<PlanRow[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<PlanRow>();
  return results;
}

const scans = (rows: PlanRow[], table: string) => rows.some((r) => new RegExp(`^SCAN ${table}\\b(?! USING)`).test(r.detail));

const NOW = "2026-12-01T00:00:00.000Z";
const cases: [string, (db: ReturnType<typeof createDb>) => Promise<unknown>, string][] = [
  ["the feed", (db) => listEvents(db, "acct_x", { limit: 10 }), "events"],
  ["the feed by type", (db) => listEvents(db, "acct_x", { limit: 10, types: ["invoice.paid", "invoice.sent"] }), "events"],
  ["the feed by object", (db) => listEvents(db, "acct_x", { limit: 10, object_id: "inv_x" }), "events"],
  ["the feed by time", (db) => listEvents(db, "acct_x", { limit: 10, created_gte: NOW, created_lt: NOW }), "events"],
  ["an account's undispatched events", (db) => undispatchedEvents(db, "acct_x", 50), "events"],
  ["the sweep's accounts", (db) => accountsWithUndispatchedEvents(db, NOW, 500), "events"],
  ["the sweep's deliveries", (db) => strandedDeliveries(db, NOW, NOW, 500), "webhook_deliveries"],
];

describe("events query plans", () => {
  it("detects a full scan when there is one (the check itself can fail)", async () => {
    expect(scans(await plan({ sql: "SELECT * FROM events WHERE actor = ?", params: ["x"] }), "events")).toBe(true);
  });

  for (const [name, run, table] of cases)
    it(`reads ${table} through an index: ${name}`, async () => {
      const statements = (await recorded(run)).filter((s) => new RegExp(`from "${table}"`, "i").test(s.sql));
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        const rows = await plan(s);
        expect(scans(rows, table), JSON.stringify(rows)).toBe(false);
      }
    });
});
