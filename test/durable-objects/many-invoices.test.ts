import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { schedulerFrom, syncMany } from "../../src/services/reminders/schedule";
import { platformAlarms } from "../helpers/bulk-invoices";
import { newAccount, seedCustomer } from "../helpers/api";

const COUNT = 1000;

it("gives 1,000 sent invoices an alarm each, at their next_reminder_date, and paying them all leaves none armed", async () => {
  const { api, accountId } = await newAccount();
  const customer = await api.post("/v1/customers", seedCustomer);
  // Sent "now" with the system clock, so every first reminder is 7 days into the real future.
  const sentAt = Date.now();
  const due = new Date(sentAt + 30 * 86_400_000).toISOString().slice(0, 10);
  const iso = new Date(sentAt).toISOString();
  const firstReminder = sentAt + 7 * 86_400_000;
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO invoices (id, account_id, customer_id, number, status, currency, issue_date, due_date, subtotal, tax_amount, total_amount,
                           metadata, finalized_at, sent_at, last_sent_at, sent_count, next_reminder_at, created_at, updated_at)
     SELECT printf('inv_bulk%04d', i), ?, ?, printf('INV-BULK-%04d', i), 'sent', 'USD', ?, ?, 1000, 0, 1000, '{}', ?, ?, ?, 1, ?, ?, ? FROM n`,
  )
    // next_reminder_at as the send writes it, in the same batch as the send.
    .bind(COUNT, accountId, customer.body.id, iso.slice(0, 10), due, iso, iso, iso, new Date(firstReminder).toISOString(), iso, iso)
    .run();
  const ids = Array.from({ length: COUNT }, (_, i) => `inv_bulk${String(i + 1).padStart(4, "0")}`);

  let started = Date.now();
  await syncMany(schedulerFrom(env), accountId, ids, 100);
  console.log(`synced ${COUNT} new schedulers in ${Date.now() - started} ms`);

  const objectIds = await listDurableObjectIds(env.INVOICE_SCHEDULER);
  expect(objectIds).toHaveLength(COUNT);
  const expectedIds = new Set(ids.map((id) => env.INVOICE_SCHEDULER.idFromName(id).toString()));
  expect(objectIds.every((id) => expectedIds.has(id.toString()))).toBe(true);

  const { results } = await env.DB.prepare("SELECT id, next_reminder_at FROM invoices WHERE account_id = ?")
    .bind(accountId)
    .all<{ id: string; next_reminder_at: string | null }>();
  expect(results.every((r) => r.next_reminder_at === new Date(firstReminder).toISOString())).toBe(true);
  started = Date.now();
  const armed = await platformAlarms(ids);
  console.log(`read ${COUNT} alarms in ${Date.now() - started} ms`);
  expect([...armed.values()].every((t) => t === firstReminder)).toBe(true);

  await env.DB.prepare("UPDATE invoices SET amount_paid = total_amount, status = 'paid', paid_at = ? WHERE account_id = ?")
    .bind(new Date().toISOString(), accountId)
    .run();
  started = Date.now();
  await syncMany(schedulerFrom(env), accountId, ids, 100);
  console.log(`synced ${COUNT} paid invoices in ${Date.now() - started} ms`);

  const after = await platformAlarms(ids);
  expect([...after.values()].filter((t) => t !== null)).toEqual([]);
  const stillScheduled = await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE account_id = ? AND next_reminder_at IS NOT NULL")
    .bind(accountId)
    .first<{ n: number }>();
  expect(stillScheduled?.n).toBe(0);
}, 180_000);
