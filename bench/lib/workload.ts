/*
 * What the bench loads and asks for: two accounts (one read, one written to), the seed, the
 * endpoints with their request shapes, and the one-request check before any load.
 * Shared by bench/run.ts and bench/profile.ts.
 */
import { mkdirSync } from "node:fs";
import type { BenchServer } from "./dev-server";
import type { LoadSpec } from "./load";
import { applyMigrations, executeFile, type LocalD1 } from "./local-d1";
import { accountSql, benchAccount, customerId, CUSTOMERS_PER_ACCOUNT, invoiceId, invoicesSql } from "./seed-sql";

export const SMALL = 1_000;
export const LARGE = 100_000;
// Finalized invoices to send, per database: the floor's send variants (bench/lib/event-cost.ts)
// take theirs from the second half, so no send finds an invoice already sent (and its PDF stored).
export const SEND_POOL = 6_000;

export const read = benchAccount("read");
export const write = benchAccount("write");

const pick = (n: number) => 1 + Math.floor(Math.random() * n);

/** Migrations, both accounts, SMALL invoices to read, SEND_POOL finalized invoices to send. */
export async function seed(db: LocalD1) {
  mkdirSync(db.persistTo, { recursive: true });
  applyMigrations(db);
  executeFile(
    db,
    [await accountSql(read), await accountSql(write), invoicesSql(read, 1, SMALL), invoicesSql(write, 1, SEND_POOL, { allFinalized: true })].join("\n"),
    "seed",
  );
}

/**
 * The floor's database: the same, plus the event table as it was before outbound webhooks
 * (0000 + 0003; migration 0005 dropped it), which the floor's /before/… variants write to.
 */
export async function seedFloor(db: LocalD1) {
  await seed(db);
  executeFile(
    db,
    `CREATE TABLE invoice_events (id text PRIMARY KEY NOT NULL, account_id text NOT NULL, invoice_id text NOT NULL, type text NOT NULL,
       data text, actor text NOT NULL, request_id text, created_at text NOT NULL, idempotency_key text);
     CREATE INDEX invoice_events_invoice_idx ON invoice_events (account_id, invoice_id, created_at, id);
     CREATE INDEX invoice_events_idempotency_idx ON invoice_events (account_id, invoice_id, idempotency_key);`,
    "before-webhooks",
  );
}

/**
 * The per-key rate limit (600 a minute) would answer most of the load with 429s. The bench
 * keeps the binding and its call on every request but gives it a budget the load cannot use up.
 */
export const liftRateLimits = (toml: string) => toml.replace(/^(simple\s*=\s*\{\s*limit\s*=\s*)\d+/gm, "$11000000000");

const threeLines = () =>
  JSON.stringify({
    customer_id: customerId(write, pick(CUSTOMERS_PER_ACCOUNT) - 1),
    line_items: [
      { description: "Design sprint", quantity: 2, unit_price: 150_00, tax_rate: 0.08 },
      { description: "Implementation, senior engineer", quantity: 12.5, unit_price: 120_00, tax_rate: 0.08 },
      { description: "Hosting (November)", quantity: 1, unit_price: 49_00 },
    ],
  });

export type Endpoint = { name: string; token: string; status: number; spec: () => LoadSpec };

export function endpoints(invoices: number): Endpoint[] {
  return [
    { name: "GET invoice", token: read.token, status: 200, spec: () => ({ method: "GET", path: () => `/v1/invoices/${invoiceId(read, pick(invoices))}` }) },
    { name: "list 20, status filter", token: read.token, status: 200, spec: () => ({ method: "GET", path: () => "/v1/invoices?status=sent&limit=20" }) },
  ];
}

export const writes: Endpoint[] = [
  { name: "create, 3 lines", token: write.token, status: 201, spec: () => ({ method: "POST", path: () => "/v1/invoices", body: threeLines }) },
  { name: "send with PDF", token: write.token, status: 200, spec: () => sendSpec(0) },
];

/**
 * Each send takes the next finalized invoice from `first` on, so every request renders and
 * stores a new PDF. One spec serves one database: two specs from one `first` would overlap.
 */
export function sendSpec(first: number): LoadSpec {
  let next = first;
  return { method: "POST", path: () => `/v1/invoices/${invoiceId(write, (next++ % SEND_POOL) + 1)}/send`, body: () => "{}" };
}

/** One request first, so a broken endpoint fails loudly instead of benchmarking error pages. */
export async function check(server: BenchServer, e: Endpoint, spec: LoadSpec) {
  const res = await fetch(server.baseUrl + spec.path(), {
    method: spec.method,
    headers: { Authorization: `Bearer ${e.token}`, "Content-Type": "application/json" },
    body: spec.body?.(),
  });
  if (res.status !== e.status) throw new Error(`${server.name} ${e.name}: expected ${e.status}, got ${res.status}: ${(await res.text()).slice(0, 500)}`);
}
