import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { resyncAccountPage } from "../../src/services/reminders/resync-account";
import { schedulerFrom, syncMany } from "../../src/services/reminders/schedule";
import { newAccount, seedCustomer } from "../helpers/api";
import { alarmsNotAt, DAY_MS, insertInvoices, recordingQueue } from "../helpers/bulk-invoices";

const NEW_POLICY = { steps: [{ anchor: "sent", offset_days: 3 }], repeat_every_days: null, max_reminders: 1 };

/*
 * The account-wide re-sync, page by page, with pages small enough that 450 open invoices take
 * several. The test plays the queue: it hands each message the pages sent back to
 * resyncAccountPage, until one sends none.
 */
it("re-arms every open invoice of the account at its new time, page by page, and the chain ends after a short page", async () => {
  const { api, accountId } = await newAccount();
  const customer = await api.post("/v1/customers", seedCustomer);
  const other = await newAccount();
  const otherCustomer = await other.api.post("/v1/customers", seedCustomer);
  // Sent now on the system clock: the old first reminder is 7 days ahead, the new one 3.
  const sentAt = Date.now();
  // Created in blocks of 7 per second, latest ids first: the created order the pages follow is
  // not the id order, and page boundaries fall inside blocks that share a created_at.
  const open = await insertInvoices({ accountId, customerId: customer.body.id, count: 450, prefix: "inv_page", sentAt, createdSecondSql: "(450 - i) / 7" });
  const paid = await insertInvoices({ accountId, customerId: customer.body.id, count: 40, prefix: "inv_paid", sentAt, status: "paid", createdSecondSql: "i" });
  const others = await insertInvoices({
    accountId: other.accountId,
    customerId: otherCustomer.body.id,
    count: 30,
    prefix: "inv_othr",
    sentAt,
    createdSecondSql: "i",
  });
  const scheduler = schedulerFrom(env);
  await syncMany(scheduler, accountId, open);
  await syncMany(scheduler, other.accountId, others);
  const oldReminder = sentAt + 7 * DAY_MS;
  expect(await alarmsNotAt([...open, ...others], oldReminder)).toEqual([]);

  // What PATCH /v1/account commits before it queues the first page.
  await env.DB.prepare("UPDATE accounts SET reminder_policy = ? WHERE id = ?").bind(JSON.stringify(NEW_POLICY), accountId).run();

  const { queue, resyncs } = recordingQueue();
  const services = { db: createDb(env.DB), scheduler, tasks: queue };
  const cursors: (string | undefined)[] = [];
  let after: string | undefined;
  for (let page = 0; page < 10; page++) {
    cursors.push(after);
    const before = resyncs().length;
    await resyncAccountPage(services, accountId, after, 100);
    const next = resyncs().slice(before);
    if (next.length === 0) break;
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ kind: "resync", account_id: accountId });
    after = next[0]!.after;
  }

  // Four full pages, each naming the last invoice it read; the fifth, 50 invoices, queues nothing.
  const { results } = await env.DB.prepare("SELECT id FROM invoices WHERE account_id = ? AND status = 'sent' ORDER BY created_at, id")
    .bind(accountId)
    .all<{ id: string }>();
  const inCreatedOrder = results.map((r) => r.id);
  expect(inCreatedOrder).not.toEqual([...open].sort());
  expect(cursors).toEqual([undefined, inCreatedOrder[99], inCreatedOrder[199], inCreatedOrder[299], inCreatedOrder[399]]);

  const newReminder = sentAt + 3 * DAY_MS;
  expect(await alarmsNotAt(open, newReminder)).toEqual([]);
  const stale = await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE account_id = ? AND status = 'sent' AND next_reminder_at IS NOT ?")
    .bind(accountId, new Date(newReminder).toISOString())
    .first<{ n: number }>();
  expect(stale?.n).toBe(0);
  // Another account's invoices keep their schedule, and no object was ever made for a paid invoice.
  expect(await alarmsNotAt(others, oldReminder)).toEqual([]);
  const objects = new Set((await listDurableObjectIds(env.INVOICE_SCHEDULER)).map((id) => id.toString()));
  expect(paid.filter((id) => objects.has(env.INVOICE_SCHEDULER.idFromName(id).toString()))).toEqual([]);
}, 120_000);

it("a last page that is exactly full queues one more, which reads nothing and ends the chain", async () => {
  const { api, accountId } = await newAccount();
  const customer = await api.post("/v1/customers", seedCustomer);
  const sentAt = Date.now();
  const open = await insertInvoices({ accountId, customerId: customer.body.id, count: 6, prefix: "inv_full", sentAt });
  await env.DB.prepare("UPDATE accounts SET reminder_policy = ? WHERE id = ?").bind(JSON.stringify(NEW_POLICY), accountId).run();

  const { queue, resyncs } = recordingQueue();
  const services = { db: createDb(env.DB), scheduler: schedulerFrom(env), tasks: queue };
  await resyncAccountPage(services, accountId, undefined, 3);
  await resyncAccountPage(services, accountId, resyncs()[0]?.after, 3);
  await resyncAccountPage(services, accountId, resyncs()[1]?.after, 3);
  expect(resyncs()).toHaveLength(2);
  expect(await alarmsNotAt(open, sentAt + 3 * DAY_MS)).toEqual([]);
});
