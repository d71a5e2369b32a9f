import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { findScheduleRow, schedulesWithLostAlarms, toSchedule } from "../../src/db/invoice-schedule-queries";
import { type ScheduleRunner, SCHEDULE_ACTOR } from "../../src/durable-objects/schedule-runner";
import { actingAs } from "../../src/services/invoices/context";
import { runMaintenance } from "../../src/services/maintenance/run-maintenance";
import { issuePeriodDraft } from "../../src/services/schedules/issue-period";
import { buildServices } from "../../src/services/services";
import { createCustomer, newAccount } from "../helpers/api";
import { RecordingMailer, TestClock } from "../helpers/scheduler";
import {
  type D1Fault,
  faultyD1,
  instrumentRunner,
  runnerAlarm,
  runnerArmed,
  runnerFor,
  runScheduleUntil,
  type ScheduleSeed,
  scheduleInvoices,
  scheduleRow,
  seedSchedule,
} from "../helpers/schedules";

/*
 * The runner's alarm as the platform delivers it: more than once, late, or not at all (lost,
 * then re-armed by the maintenance sweep). Each period is issued once; a late one still is
 * while the catch-up rule says so, a lost one only with backfill.
 */

async function setup(seed: Omit<ScheduleSeed, "created_at"> & { created_at?: string }, clockAt: string) {
  const { api, accountId } = await newAccount();
  const customerId = await createCustomer(api, { email: "ap@customer.test" });
  const scheduleId = await seedSchedule(accountId, customerId, { created_at: clockAt, ...seed });
  const clock = new TestClock(clockAt);
  const mailer = new RecordingMailer();
  const faults: D1Fault[] = [];
  await instrumentRunner(scheduleId, { clock, mailer, d1: faultyD1(env.DB, faults) });
  await runnerFor(scheduleId).sync(accountId, scheduleId);
  return { accountId, customerId, scheduleId, clock, mailer, faults };
}

/** Whether the maintenance sweep at the clock's time takes the schedule's alarm for lost. */
async function lostNow(scheduleId: string, clock: TestClock) {
  const lost = await schedulesWithLostAlarms(createDb(env.DB), new Date(clock.now() - 15 * 60_000).toISOString(), 1000);
  return lost.some((r) => r.id === scheduleId);
}

const periods = async (scheduleId: string) => (await scheduleInvoices(scheduleId)).map((i) => i.schedule_period);

describe("duplicate alarms", () => {
  const MONTHLY = { start_date: "2028-01-31", issue: "send" as const };
  const PERIOD_0 = "2028-01-31T09:00:00.000Z";
  const PERIOD_1 = "2028-02-29T09:00:00.000Z";

  /** Period 0 issued once: one invoice, numbered first, one email; the runner armed for period 1. */
  async function expectOnce(scheduleId: string, mailer: RecordingMailer) {
    const issued = await scheduleInvoices(scheduleId);
    expect(issued.map((i) => [i.schedule_period, i.number, i.status, i.sent_count])).toEqual([[0, "INV-2028-0001", "sent", 1]]);
    expect(mailer.sent).toHaveLength(1);
    expect(await scheduleRow(scheduleId)).toMatchObject({ status: "active", next_period: 1, issued_count: 1, next_issue_at: PERIOD_1 });
    expect(await runnerArmed(scheduleId)).toEqual({ at: PERIOD_1, through: 1, retry: 0 });
  }

  it("the alarm run twice for the same period (the second after an eviction too) issues one invoice", async () => {
    const { scheduleId, clock, mailer } = await setup(MONTHLY, "2028-01-15T00:00:00Z");
    expect(await runnerArmed(scheduleId)).toMatchObject({ at: PERIOD_0, through: 0 });
    clock.set(PERIOD_0);
    expect(await runDurableObjectAlarm(runnerFor(scheduleId))).toBe(true);
    await expectOnce(scheduleId, mailer);
    // Delivered again at the same moment (it is armed, for period 1, so it runs).
    expect(await runDurableObjectAlarm(runnerFor(scheduleId))).toBe(true);
    await expectOnce(scheduleId, mailer);
    // And again on a fresh instance: only what storage and D1 hold decides.
    await evictDurableObject(runnerFor(scheduleId));
    await instrumentRunner(scheduleId, { clock, mailer });
    await runInDurableObject(runnerFor(scheduleId), (obj: ScheduleRunner) => obj.alarm());
    await expectOnce(scheduleId, mailer);
  });

  it("two alarm handlers at once, and a sync racing the alarm, issue one invoice", async () => {
    const { scheduleId, clock, mailer } = await setup(MONTHLY, "2028-01-15T00:00:00Z");
    clock.set(PERIOD_0);
    await runInDurableObject(runnerFor(scheduleId), (obj: ScheduleRunner) => Promise.all([obj.alarm(), obj.alarm()]));
    await expectOnce(scheduleId, mailer);

    const second = await setup(MONTHLY, "2028-01-15T00:00:00Z");
    second.clock.set(PERIOD_0);
    // Syncs on either side of the alarm: whichever runs first, period 0 is issued by the alarm alone.
    await Promise.all([
      runnerFor(second.scheduleId).sync(second.accountId, second.scheduleId),
      runDurableObjectAlarm(runnerFor(second.scheduleId)),
      runnerFor(second.scheduleId).sync(second.accountId, second.scheduleId),
    ]);
    await expectOnce(second.scheduleId, second.mailer);
    // And a sync and the alarm both started inside the object at once.
    await runInDurableObject(runnerFor(second.scheduleId), (obj: ScheduleRunner) => Promise.all([obj.sync(second.accountId, second.scheduleId), obj.alarm()]));
    await expectOnce(second.scheduleId, second.mailer);
  });

  it("two issues of one period reaching D1 at once, with no queue between them, write one invoice (the batch's guard)", async () => {
    const { accountId, scheduleId, clock } = await setup({ ...MONTHLY, issue: "draft" }, "2028-01-15T00:00:00Z");
    clock.set(PERIOD_0);
    const services = buildServices(env, { scheduleRunner: false });
    const ctx = { ...actingAs(services, accountId, SCHEDULE_ACTOR), now: () => new Date(clock.now()) };
    const schedule = toSchedule((await findScheduleRow(ctx.db, accountId, scheduleId))!);
    const [a, b, c] = await Promise.all([issuePeriodDraft(ctx, schedule, 0), issuePeriodDraft(ctx, schedule, 0), issuePeriodDraft(ctx, schedule, 0)]);
    // All three answer with the one draft.
    expect(a?.row.status).toBe("draft");
    expect(new Set([a?.row.id, b?.row.id, c?.row.id]).size).toBe(1);
    expect(await periods(scheduleId)).toEqual([0]);
    expect(await scheduleRow(scheduleId)).toMatchObject({ next_period: 1, issued_count: 1 });
    const created = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE object_id = ? AND type = 'invoice.created'")
      .bind(a!.row.id)
      .first<{ n: number }>();
    expect(created?.n).toBe(1);
    // The runner's own alarm then finds it issued.
    await runDurableObjectAlarm(runnerFor(scheduleId));
    expect(await periods(scheduleId)).toEqual([0]);
  });
});

describe("late alarms", () => {
  it("an alarm hours late but within the grace (half a day for a daily schedule) issues the period once", async () => {
    const { scheduleId, clock, mailer } = await setup({ interval: "day", start_date: "2028-03-01", issue: "send" }, "2028-02-20T00:00:00Z");
    expect(await runnerArmed(scheduleId)).toMatchObject({ at: "2028-03-01T09:00:00.000Z", through: 0 });
    // Eleven hours late: grace is 12 h.
    clock.set("2028-03-01T20:00:00Z");
    await runDurableObjectAlarm(runnerFor(scheduleId));
    await runDurableObjectAlarm(runnerFor(scheduleId));
    const issued = await scheduleInvoices(scheduleId);
    expect(issued.map((i) => [i.schedule_period, i.issue_date, i.billing_period_start, i.status])).toEqual([[0, "2028-03-01", "2028-03-01", "sent"]]);
    expect(mailer.sent).toHaveLength(1);
    expect(await runnerArmed(scheduleId)).toEqual({ at: "2028-03-02T09:00:00.000Z", through: 1, retry: 0 });
  });

  it("a period whose alarm fired and failed is issued once when the retry comes after its grace (it is owed), without backfill", async () => {
    const { scheduleId, clock, mailer, faults } = await setup({ start_date: "2028-01-31", issue: "send", backfill: false }, "2028-01-15T00:00:00Z");
    // D1 is down when the alarm fires, and stays down for three days of retries: not even the
    // schedule can be read, so only the alarm having fired makes period 0 owed.
    const down: D1Fault = { sql: /^/, at: "before", label: "D1 down", times: Number.POSITIVE_INFINITY };
    faults.push(down);
    clock.set("2028-01-31T09:00:00Z");
    await runDurableObjectAlarm(runnerFor(scheduleId));
    expect(await runnerArmed(scheduleId)).toMatchObject({ through: 0, retry: 1, at: "2028-01-31T09:00:30.000Z" });
    expect(await runInDurableObject(runnerFor(scheduleId), (_obj, state) => state.storage.kv.get("owed"))).toBe(0);
    const retries = await runScheduleUntil(scheduleId, clock, "2028-02-03T09:00:00Z");
    expect(retries).toBeGreaterThan(10);
    const retry = (await runnerArmed(scheduleId))!;
    expect(retry).toMatchObject({ through: 0, retry: retries + 1 });
    // Failing at the schedule's read (drizzle reports a lone statement's failure as "Failed query").
    expect(retry.error).toMatch(/^Error: Failed query: select .* from "invoice_schedules"/);
    expect(faults).toEqual([down]);
    expect(await periods(scheduleId)).toEqual([]);

    // D1 is back three days on (grace: a day): period 0 is owed, so the next retry issues it, late.
    faults.splice(faults.indexOf(down), 1);
    expect(Date.parse(retry.at) - Date.parse("2028-01-31T09:00:00Z")).toBeGreaterThan(3 * 86_400_000);
    await runScheduleUntil(scheduleId, clock, "2028-02-04T09:00:00Z");
    await runDurableObjectAlarm(runnerFor(scheduleId));
    const issued = await scheduleInvoices(scheduleId);
    expect(issued.map((i) => [i.schedule_period, i.billing_period_start, i.issue_date, i.number, i.sent_count])).toEqual([
      [0, "2028-01-31", "2028-02-03", "INV-2028-0001", 1],
    ]);
    expect(mailer.sent).toHaveLength(1);
    expect(await runnerArmed(scheduleId)).toEqual({ at: "2028-02-29T09:00:00.000Z", through: 1, retry: 0 });
  });
});

describe("an alarm lost for three periods, re-armed by the maintenance sweep", () => {
  // Daily at 09:00 UTC from 1 March: period 0 on 1 March, then 1, 2, 3 on 2, 3, 4 March go by
  // with no alarm. At 22:00 on 4 March period 3 is 13 h late, past its 12 h grace; period 4 is tomorrow.
  const SWEEP_AT = "2028-03-04T22:00:00.000Z";
  const PERIOD_4 = "2028-03-05T09:00:00.000Z";

  async function loseAlarmAndSweep(backfill: boolean) {
    const ctx = await setup({ interval: "day", start_date: "2028-03-01", issue: "finalize", backfill }, "2028-02-20T00:00:00Z");
    const { scheduleId, clock } = ctx;
    await runScheduleUntil(scheduleId, clock, "2028-03-01T12:00:00Z");
    expect(await periods(scheduleId)).toEqual([0]);
    expect(await scheduleRow(scheduleId)).toMatchObject({ next_period: 1, next_issue_at: "2028-03-02T09:00:00.000Z" });

    await runInDurableObject(runnerFor(scheduleId), (_obj, state) => state.storage.deleteAlarm());
    expect(await runnerAlarm(scheduleId)).toBeNull();
    clock.set(SWEEP_AT);
    // Nothing fires by itself: the test's alarm driver finds none.
    expect(await runScheduleUntil(scheduleId, clock, SWEEP_AT)).toBe(0);

    expect(await lostNow(scheduleId, clock)).toBe(true);
    const report = await runMaintenance(buildServices(env), new Date(clock.now()));
    expect(report.resynced_schedules).toBeGreaterThanOrEqual(1);
    expect(await runnerAlarm(scheduleId)).not.toBeNull();
    return { ...ctx, report };
  }

  it("with backfill, exactly the three missed periods are issued, numbered in order, and nothing more", async () => {
    const { scheduleId, clock } = await loseAlarmAndSweep(true);
    expect(await runnerArmed(scheduleId)).toMatchObject({ at: SWEEP_AT, retry: 0 });
    const runs = await runScheduleUntil(scheduleId, clock, SWEEP_AT);
    expect(runs).toBeGreaterThanOrEqual(1);
    const issued = await scheduleInvoices(scheduleId);
    expect(issued.map((i) => [i.schedule_period, i.billing_period_start, i.number])).toEqual([
      [0, "2028-03-01", "INV-2028-0001"],
      [1, "2028-03-02", "INV-2028-0002"],
      [2, "2028-03-03", "INV-2028-0003"],
      [3, "2028-03-04", "INV-2028-0004"],
    ]);
    expect(await scheduleRow(scheduleId)).toMatchObject({ status: "active", next_period: 4, issued_count: 4, next_issue_at: PERIOD_4 });
    expect(await runnerArmed(scheduleId)).toEqual({ at: PERIOD_4, through: 4, retry: 0 });
    // A second sweep and a repeated alarm change nothing.
    expect(await lostNow(scheduleId, clock)).toBe(false);
    await runMaintenance(buildServices(env), new Date(clock.now()));
    await runDurableObjectAlarm(runnerFor(scheduleId));
    expect(await periods(scheduleId)).toEqual([0, 1, 2, 3]);
    // The next period comes on its day.
    await runScheduleUntil(scheduleId, clock, "2028-03-05T12:00:00Z");
    expect(await periods(scheduleId)).toEqual([0, 1, 2, 3, 4]);
  });

  it("without backfill, none of the three is issued; the schedule moves past them and waits for the next period", async () => {
    const { scheduleId, clock } = await loseAlarmAndSweep(false);
    // The sweep's sync skipped them at once and armed for tomorrow.
    expect(await scheduleRow(scheduleId)).toMatchObject({ status: "active", next_period: 4, issued_count: 1, next_issue_at: PERIOD_4 });
    expect(await runnerArmed(scheduleId)).toEqual({ at: PERIOD_4, through: 4, retry: 0 });
    expect(await runScheduleUntil(scheduleId, clock, SWEEP_AT)).toBe(0);
    // Even an alarm delivered now (early) issues none of them.
    await runDurableObjectAlarm(runnerFor(scheduleId));
    expect(await periods(scheduleId)).toEqual([0]);
    // The sweep no longer takes it for lost.
    expect(await lostNow(scheduleId, clock)).toBe(false);
    // The next period is issued on its day, with the next number: nothing was numbered for the skipped ones.
    await runScheduleUntil(scheduleId, clock, "2028-03-05T12:00:00Z");
    const issued = await scheduleInvoices(scheduleId);
    expect(issued.map((i) => [i.schedule_period, i.billing_period_start, i.number])).toEqual([
      [0, "2028-03-01", "INV-2028-0001"],
      [4, "2028-03-05", "INV-2028-0002"],
    ]);
    expect(await scheduleRow(scheduleId)).toMatchObject({ next_period: 5, issued_count: 2, next_issue_at: "2028-03-06T09:00:00.000Z" });
  });
});
