import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { RESYNC_PAGE_SIZE } from "../../src/services/reminders/resync-account";
import { schedulerFrom, syncMany } from "../../src/services/reminders/schedule";
import { newAccount, seedCustomer } from "../helpers/api";
import { fetchWithBindings } from "../helpers/app-fetch";
import { alarmsNotAt, DAY_MS, insertInvoices, recordingQueue } from "../helpers/bulk-invoices";
import { openInvoice } from "../helpers/open-invoice";
import { platformAlarm } from "../helpers/scheduler";

/*
 * PATCH /v1/account (time zone or reminder policy) re-arms every open invoice, one Durable
 * Object call each: too many for one request, so the request queues the first page and the
 * queue consumer (which runs for real here, from wrangler.toml's [[queues.consumers]]) re-arms
 * page after page. The answer is the saved account, before any alarm has moved.
 */

const POLICY = { steps: [{ anchor: "sent", offset_days: 3 }], repeat_every_days: null, max_reminders: 1 };
// The consumer waits up to max_batch_timeout (1 s) for a batch to fill, once per page.
const QUEUE_WAIT = { timeout: 20_000, interval: 200 };

async function accountWithSentInvoices(count: number) {
  const account = await newAccount();
  const customer = await account.api.post("/v1/customers", seedCustomer);
  // Sent now on the system clock: the default first reminder is 7 days ahead.
  const sentAt = Date.now();
  const ids = await insertInvoices({ accountId: account.accountId, customerId: customer.body.id, count, prefix: `inv_rs${count}x`, sentAt });
  await syncMany(schedulerFrom(env), account.accountId, ids);
  expect(await alarmsNotAt(ids, sentAt + 7 * DAY_MS)).toEqual([]);
  return { ...account, ids, sentAt };
}

describe("the account's re-sync of open invoices", () => {
  it("re-arms every open invoice at its new time through the queue, across pages", async () => {
    const count = RESYNC_PAGE_SIZE + 20;
    const { api, ids, sentAt, accountId } = await accountWithSentInvoices(count);

    const res = await api.patch("/v1/account", { reminder_policy: POLICY });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The saved account, nothing about alarms it could not yet know.
    expect(res.body).toEqual((await api.get("/v1/account")).body);
    expect(res.body.reminder_policy).toEqual(POLICY);

    const newReminder = sentAt + 3 * DAY_MS;
    await vi.waitFor(async () => expect(await alarmsNotAt(ids, newReminder)).toEqual([]), QUEUE_WAIT);
    const { results } = await env.DB.prepare("SELECT DISTINCT next_reminder_at AS at FROM invoices WHERE account_id = ?").bind(accountId).all<{ at: string }>();
    expect(results).toEqual([{ at: new Date(newReminder).toISOString() }]);
  }, 60_000);

  it("the request only queues the first page: nothing is re-armed until the queue runs it", async () => {
    const { apiKey, accountId, ids, sentAt } = await accountWithSentInvoices(3);
    const { queue, resyncs } = recordingQueue();

    const res = await fetchWithBindings({ TASKS: queue }, "PATCH", "/v1/account", { apiKey, body: { timezone: "Asia/Tokyo" } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(resyncs()).toEqual([{ kind: "resync", account_id: accountId }]);
    expect(await alarmsNotAt(ids, sentAt + 7 * DAY_MS)).toEqual([]);

    // A change that moves no schedule queues nothing.
    await fetchWithBindings({ TASKS: queue }, "PATCH", "/v1/account", { apiKey, body: { name: "Renamed" } });
    expect(resyncs()).toHaveLength(1);
  });

  it("answers the saved change when an invoice cannot be re-armed, and the others still are", async () => {
    const { api } = await newAccount();
    const broken = await openInvoice(api);
    const fine = await openInvoice(api, { invoice: { issue_date: "2099-01-01", due_date: "2099-01-31" } });
    // Stored before dates were bounded: due in 9999, and a reminder the day before it is past
    // what a Durable Object alarm can be set for (2189).
    await env.DB.prepare("UPDATE invoices SET due_date = '9999-12-31' WHERE id = ?").bind(broken.id).run();
    const beforeDue = { steps: [{ anchor: "due", offset_days: -1 }], repeat_every_days: null, max_reminders: 1 };

    const res = await api.patch("/v1/account", { reminder_policy: beforeDue });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await api.get("/v1/account")).body.reminder_policy).toEqual(beforeDue);

    // 09:00 the day before it is due, in the account's zone (UTC).
    const newReminder = "2099-01-30T09:00:00.000Z";
    await vi.waitFor(async () => expect(await platformAlarm(fine.id)).toBe(Date.parse(newReminder)), QUEUE_WAIT);
    expect((await api.get(`/v1/invoices/${fine.id}`)).body.next_reminder_date).toBe(newReminder);
  }, 60_000);

  it("refuses a schedule change, before saving it, when the Worker has no queue to re-arm from", async () => {
    const { apiKey, api } = await newAccount({ timezone: "UTC" });

    const res = await fetchWithBindings({ TASKS: undefined }, "PATCH", "/v1/account", { apiKey, body: { timezone: "Europe/Berlin" } });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ type: "api_error", code: "internal_error" });
    expect((await api.get("/v1/account")).body.timezone).toBe("UTC");

    const renamed = await fetchWithBindings({ TASKS: undefined }, "PATCH", "/v1/account", { apiKey, body: { name: "Renamed" } });
    expect(renamed.status).toBe(200);
  });
});
