/*
 * SQL that fills a bench database. Rows are generated inside SQLite (INSERT … SELECT over a
 * recursive CTE), so 100,000 invoices and their lines load in seconds, and the same text
 * seeds the API's and the floor Worker's databases identically.
 */
import { formatBearerToken, sha256Hex } from "../../src/auth/api-key-token";

export type BenchAccount = { id: string; keyId: string; secret: string; token: string };

// Fixed so the floor and the API authenticate the very same key; nothing here is secret.
export function benchAccount(name: string): BenchAccount {
  const id = `acct_bench${name}`;
  const keyId = `key_bench${name}00000000`;
  const secret = `benchsecret${name}`.padEnd(40, "0");
  return { id, keyId, secret, token: formatBearerToken(keyId, secret) };
}

export const CUSTOMERS_PER_ACCOUNT = 50;
export const customerId = (account: BenchAccount, n: number) => `cus_${account.id.slice(5)}${String(n).padStart(4, "0")}`;

const ADDRESS = `'{"line1":"500 Main Street","city":"Springfield","state":"IL","postal_code":"62701","country":"US"}'`;
const MERCHANT_ADDRESS = `'{"line1":"1 Market Street","line2":"Suite 300","city":"San Francisco","state":"CA","postal_code":"94105","country":"US"}'`;
const BANK = `'{"account_name":"Stateset Inc.","iban":"DE89370400440532013000","bic":"COBADEFFXXX"}'`;

export async function accountSql(account: BenchAccount): Promise<string> {
  const now = "2026-01-01T00:00:00.000Z";
  const hash = await sha256Hex(account.secret);
  return `
INSERT INTO accounts (id, name, legal_name, email, phone, address, tax_id, bank_details, created_at, updated_at)
  VALUES ('${account.id}', 'Stateset', 'Stateset Inc.', 'billing@stateset.example', '+1 415 555 0100', ${MERCHANT_ADDRESS}, 'US-12-3456789', ${BANK}, '${now}', '${now}');
INSERT INTO api_keys (id, account_id, name, secret_hash, last_four, scopes, created_at, last_used_at)
  VALUES ('${account.keyId}', '${account.id}', 'bench', '${hash}', '${account.secret.slice(-4)}', '["*"]', '${now}', '2999-01-01T00:00:00.000Z');
INSERT INTO customers (id, account_id, name, email, billing_address, shipping_address, tax_status, metadata, created_at, updated_at)
  WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ${CUSTOMERS_PER_ACCOUNT - 1})
  SELECT '${customerId(account, 0).slice(0, -4)}' || printf('%04d', n), '${account.id}', 'Customer ' || n, 'ap' || n || '@customer.example',
         ${ADDRESS}, NULL, 'taxed', '{}', '${now}', '${now}' FROM seq;`;
}

export const STATUSES_CYCLE = ["sent", "paid", "finalized", "overdue", "draft"] as const;

/**
 * Invoices `from`..`to` (1-based, inclusive) of an account, three lines each. Ids and
 * created_at grow with n, statuses cycle, dates spread over two years; numbered unless draft.
 */
export function invoicesSql(account: BenchAccount, from: number, to: number, opts: { allFinalized?: boolean } = {}): string {
  const prefix = `inv_${account.id.slice(10)}`;
  const status = opts.allFinalized ? "'finalized'" : `CASE n % 5 ${STATUSES_CYCLE.map((s, i) => `WHEN ${i} THEN '${s}'`).join(" ")} END`;
  const numbered = opts.allFinalized ? "1" : "n % 5 <> 4";
  return `
INSERT INTO invoices (id, account_id, customer_id, number, status, currency, issue_date, due_date, payment_terms, subtotal, tax_amount, total_amount,
  amount_paid, billing_address, shipping_address, customer_tax_status, notes, metadata, public_token, pdf_token, finalized_at, created_at, updated_at)
WITH RECURSIVE seq(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM seq WHERE n < ${to})
SELECT '${prefix}' || printf('%09d', n), '${account.id}', '${customerId(account, 0).slice(0, -4)}' || printf('%04d', n % ${CUSTOMERS_PER_ACCOUNT}),
  CASE WHEN ${numbered} THEN 'INV-' || printf('%07d', n) END, ${status}, 'USD',
  date('2024-01-01', '+' || (n % 700) || ' days'), date('2024-01-01', '+' || (n % 700 + 30) || ' days'), 'Net 30',
  60000 + n % 1000, 4800, 64800 + n % 1000, 0, ${ADDRESS}, NULL, 'taxed', 'Thank you for your business.', '{}',
  CASE WHEN ${numbered} THEN '${account.id.slice(10)}pub' || n END, CASE WHEN ${numbered} THEN '${account.id.slice(10)}pdf' || n END,
  CASE WHEN ${numbered} THEN '2024-01-01T00:00:00.000Z' END,
  strftime('%Y-%m-%dT%H:%M:%S.000Z', '2024-01-01', '+' || n || ' minutes'), strftime('%Y-%m-%dT%H:%M:%S.000Z', '2024-01-01', '+' || n || ' minutes')
FROM seq;
INSERT INTO line_items (id, account_id, invoice_id, position, description, quantity, unit_price, amount, tax_rate, tax_amount)
SELECT 'li_' || substr(i.id, 5) || '_' || p.position, i.account_id, i.id, p.position, 'Consulting hours, phase ' || (p.position + 1), '2', 10000 + p.position * 100,
  20000 + p.position * 200, '0.08', 1600 + p.position * 16
FROM invoices i CROSS JOIN (SELECT 0 AS position UNION ALL SELECT 1 UNION ALL SELECT 2) p
WHERE i.account_id = '${account.id}' AND i.id BETWEEN '${prefix}' || printf('%09d', ${from}) AND '${prefix}' || printf('%09d', ${to});`;
}

export const invoiceId = (account: BenchAccount, n: number) => `inv_${account.id.slice(10)}${String(n).padStart(9, "0")}`;
