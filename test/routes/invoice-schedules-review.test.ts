import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { findSchedule } from "../../src/db/invoice-schedule-queries";
import { SCHEDULE_ACTOR } from "../../src/durable-objects/schedule-runner";
import { actingAs } from "../../src/services/invoices/context";
import { issuePeriodDraft } from "../../src/services/schedules/issue-period";
import { createSchedule, updateSchedule } from "../../src/services/schedules/manage-schedule";
import { buildServices } from "../../src/services/services";
import { type Api, createCustomer, expectError, keyWithScopes, newAccount } from "../helpers/api";
import { RecordingMailer, TestClock } from "../helpers/scheduler";
import { instrumentRunner, runnerFor, runScheduleUntil, scheduleInvoices, scheduleRow, accountWithCustomer, scheduleBody } from "../helpers/schedules";

/*
 * Review findings on the schedule API: input the runner could never issue, and the API racing
 * the runner. Start dates lie in 2027 or later, so no real alarm fires while a test runs.
 */

const countSchedules = async (accountId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM invoice_schedules WHERE account_id = ?").bind(accountId).first<{ n: number }>())!.n;

describe("input the runner could never issue is refused at creation, naming the field", () => {
  it("a template totalling less than zero, unless each period is left a draft", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    const credit = { line_items: [{ description: "Credit", quantity: 1, unit_price: -100 }] };
    // finalize (the default) and send would fail at finalize every period, leaving a draft each time.
    expectError(await api.post("/v1/invoice_schedules", scheduleBody(customerId, credit)), 400, { param: "line_items" });
    expectError(await api.post("/v1/invoice_schedules", scheduleBody(customerId, { ...credit, issue: "send" })), 400, { param: "line_items" });
    expect(await countSchedules(accountId)).toBe(0);
    expect((await api.post("/v1/invoice_schedules", scheduleBody(customerId, { ...credit, issue: "draft" }))).status).toBe(201);
  });

  it("a customer who must receive e-invoices, from an account that cannot issue them", async () => {
    const { api, accountId } = await accountWithCustomer();
    const customerId = await createCustomer(api, { email: "ap@customer.test", e_invoicing: "required" });
    // The account has no address, company id or tax id: finalize refuses every period's invoice.
    expectError(await api.post("/v1/invoice_schedules", scheduleBody(customerId)), 409, { code: "einvoice_incomplete" });
    expect(await countSchedules(accountId)).toBe(0);
    expect((await api.post("/v1/invoice_schedules", scheduleBody(customerId, { issue: "draft" }))).status).toBe(201);
  });

  it("an end every period of which has already gone by (no backfill): it would never issue", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    expectError(await api.post("/v1/invoice_schedules", scheduleBody(customerId, { start_date: "2020-01-01", end: { on_date: "2020-06-01" } })), 400, {
      param: "end.on_date",
    });
    expectError(await api.post("/v1/invoice_schedules", scheduleBody(customerId, { start_date: "2020-01-01", end: { after_count: 3 } })), 400, {
      param: "end.after_count",
    });
    expect(await countSchedules(accountId)).toBe(0);
    // With backfill, those periods are issued: accepted.
    const backfilled = await api.post("/v1/invoice_schedules", scheduleBody(customerId, { start_date: "2020-01-01", end: { after_count: 3 }, backfill: true }));
    expect(backfilled.status).toBe(201);
  });

  it("a period so long its invoice's billing period ends past the accepted date range", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    // Period 0 would bill 2027-01-31 to 2227-01-30, and period 1's alarm would lie past what alarms accept.
    expectError(await api.post("/v1/invoice_schedules", scheduleBody(customerId, { interval: "year", interval_count: 200 })), 400, { param: "interval_count" });
    expectError(await api.post("/v1/invoice_schedules", scheduleBody(customerId, { interval: "year", start_date: "2099-06-01" })), 400, {
      param: "start_date",
    });
    expect(await countSchedules(accountId)).toBe(0);
  });
});

describe("a customer deleted while its schedule is created", () => {
  it("is a 400 naming customer_id (resource_missing), not a 500", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    // The customer goes after the schedule's read of it and before its insert.
    const racing = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch")
          return async (statements: D1PreparedStatement[]) => {
            if ((statements[0] as unknown as { statement: string }).statement.includes('insert into "invoice_schedules"'))
              await target.prepare("DELETE FROM customers WHERE id = ?").bind(customerId).run();
            return target.batch(statements);
          };
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const ctx = actingAs({ ...buildServices(env), db: createDb(racing) }, accountId, "key_test");
    await expect(createSchedule(ctx, scheduleBody(customerId) as never)).rejects.toMatchObject({ param: "customer_id", code: "resource_missing" });
    expectError(await api.get(`/v1/customers/${customerId}`), 404);
    expect(await countSchedules(accountId)).toBe(0);
  });
});

describe("the API racing the runner", () => {
  async function running(end: { after_count: number } | null) {
    const { api, accountId } = await newAccount({ timezone: "UTC" });
    const customerId = await createCustomer(api, { email: "ap@customer.test" });
    const clock = new TestClock("2027-02-20T12:00:00Z");
    const services = { ...buildServices(env), now: () => new Date(clock.now()) };
    const ctx = actingAs(services, accountId, "key_test");
    const schedule = await createSchedule(ctx, {
      customer_id: customerId,
      interval: "week",
      start_date: "2027-03-01",
      line_items: [{ description: "Week of {period_start}", quantity: 1, unit_price: 10000 }],
      days_until_due: 7,
      end,
    });
    await instrumentRunner(schedule.id, { clock, mailer: new RecordingMailer() });
    await runnerFor(schedule.id).sync(accountId, schedule.id);
    await runScheduleUntil(schedule.id, clock, "2027-03-02T00:00:00Z");
    expect(await scheduleInvoices(schedule.id)).toHaveLength(1);
    // Period 1 is due; the runner reads the schedule as it stands…
    clock.set("2027-03-08T09:00:00Z");
    const asRead = (await findSchedule(createDb(env.DB), accountId, schedule.id))!;
    // …a PATCH commits before its batch does (the sync that follows has not run yet)…
    const patchCtx = { ...ctx, scheduleRunner: undefined };
    // …and the runner's batch runs on what it read.
    const runnerBatch = () => issuePeriodDraft(actingAs(services, accountId, SCHEDULE_ACTOR), asRead, 1);
    return { clock, scheduleId: schedule.id, patchCtx, runnerBatch };
  }

  it("an end shortened to the periods issued is not overrun by a period in flight", async () => {
    const { scheduleId, patchCtx, runnerBatch } = await running(null);
    await updateSchedule(patchCtx, scheduleId, { end: { after_count: 1 } });
    await runnerBatch();
    expect(await scheduleInvoices(scheduleId)).toHaveLength(1);
    expect(await scheduleRow(scheduleId)).toMatchObject({ issued_count: 1 });
  });

  it("an end extended while the old last period is in flight does not complete the schedule", async () => {
    const { scheduleId, patchCtx, runnerBatch } = await running({ after_count: 2 });
    const extended = await updateSchedule(patchCtx, scheduleId, { end: { after_count: 5 } });
    expect(extended.end).toEqual({ after_count: 5 });
    await runnerBatch();
    // The runner issues period 1 under the new end when it wakes next.
    await runDurableObjectAlarm(runnerFor(scheduleId));
    expect(await scheduleInvoices(scheduleId)).toHaveLength(2);
    expect(await scheduleRow(scheduleId)).toMatchObject({ status: "active", issued_count: 2, next_issue_at: "2027-03-15T09:00:00.000Z" });
  });
});

describe("checked and fine", () => {
  const create = async (api: Api, customerId: string, headers?: Record<string, string>, overrides: Record<string, unknown> = {}) =>
    api.post("/v1/invoice_schedules", scheduleBody(customerId, overrides), headers);

  it("an Idempotency-Key reused with another body, or by another API key, is refused and creates nothing", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    const headers = { "Idempotency-Key": "retainer-acme" };
    const first = await create(api, customerId, headers);
    expect(first.status).toBe(201);
    expectError(await create(api, customerId, headers, { memo: "other" }), 400, { code: "idempotency_key_reused", param: "Idempotency-Key" });
    const otherKey = await keyWithScopes(accountId, ["invoices:write"]);
    expectError(await create(otherKey, customerId, headers), 400, { code: "idempotency_key_reused" });
    const replay = await create(api, customerId, headers);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.body.id).toBe(first.body.id);
    expect(await countSchedules(accountId)).toBe(1);
  });

  it("a foreign customer_id filters to nothing; metadata merged past 50 keys is a 400", async () => {
    const { api, customerId } = await accountWithCustomer();
    const other = await accountWithCustomer();
    await create(api, customerId);
    expect((await api.get(`/v1/invoice_schedules?customer_id=${other.customerId}`)).body.data).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, "v"]));
    const s = (await create(api, customerId, undefined, { metadata: many })).body;
    const more = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${i}`, "v"]));
    expectError(await api.patch(`/v1/invoice_schedules/${s.id}`, { metadata: more }), 400, { param: "metadata" });
  });
});
