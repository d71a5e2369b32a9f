import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { actingAs } from "../../src/services/invoices/context";
import { cancelSchedule, createSchedule, pauseSchedule, resumeSchedule, updateSchedule } from "../../src/services/schedules/manage-schedule";
import { buildServices } from "../../src/services/services";
import { createCustomer, newAccount } from "../helpers/api";
import { RecordingMailer, TestClock } from "../helpers/scheduler";
import { type D1Fault, faultyD1, instrumentRunner, runnerAlarm, runnerArmed, runnerFor, runScheduleUntil, scheduleInvoices } from "../helpers/schedules";

/*
 * Pause, resume, cancel and PATCH against a runner on the test clock: the same services the
 * routes call (src/routes/invoice-schedules), acting at the clock's time, so the schedule is
 * changed between the periods the runner issues.
 */

async function setup(overrides: { backfill?: boolean; issue?: "finalize" | "send" } = {}, d1?: D1Database) {
  const { api, accountId } = await newAccount({ timezone: "UTC" });
  const customerId = await createCustomer(api, { email: "ap@customer.test" });
  const clock = new TestClock("2027-02-20T12:00:00Z");
  const ctx = actingAs({ ...buildServices(env), now: () => new Date(clock.now()) }, accountId, "key_test");
  const schedule = await createSchedule(ctx, {
    customer_id: customerId,
    interval: "week",
    // A Monday.
    start_date: "2027-03-01",
    line_items: [{ description: "Week of {period_start}", quantity: 1, unit_price: 10000 }],
    issue: "finalize",
    days_until_due: 7,
    ...overrides,
  });
  const mailer = new RecordingMailer();
  await instrumentRunner(schedule.id, { clock, mailer, d1 });
  await runnerFor(schedule.id).sync(accountId, schedule.id);
  return { ctx, clock, scheduleId: schedule.id, accountId, mailer };
}

describe("pausing, resuming and canceling a running schedule", () => {
  for (const backfill of [false, true])
    it(`pause issues nothing, resume issues the next period only (backfill ${backfill}), cancel clears the alarm`, async () => {
      const { ctx, clock, scheduleId, accountId } = await setup({ backfill });
      expect((await runnerArmed(scheduleId))?.at).toBe("2027-03-01T09:00:00.000Z");
      await runScheduleUntil(scheduleId, clock, "2027-03-16T00:00:00Z");
      expect((await scheduleInvoices(scheduleId)).map((i) => i.issue_date)).toEqual(["2027-03-01", "2027-03-08", "2027-03-15"]);

      clock.set("2027-03-17T10:00:00Z");
      const paused = await pauseSchedule(ctx, scheduleId);
      expect(paused).toMatchObject({ status: "paused", next_issue_at: null, paused_at: "2027-03-17T10:00:00.000Z" });
      expect(await runnerAlarm(scheduleId)).toBeNull();
      // Five weeks go by; even an alarm the platform delivers late for the old period stands down.
      clock.set("2027-04-20T12:00:00Z");
      await runDurableObjectAlarm(runnerFor(scheduleId));
      expect(await runScheduleUntil(scheduleId, clock, "2027-04-20T12:00:00Z")).toBe(0);
      expect(await scheduleInvoices(scheduleId)).toHaveLength(3);

      const resumed = await resumeSchedule(ctx, scheduleId);
      // The first Monday issue at or after the resume: period 8, none of the five weeks paused.
      expect(resumed).toMatchObject({ status: "active", next_period: 8, next_issue_at: "2027-04-26T09:00:00.000Z", active_since: "2027-04-20T12:00:00.000Z" });
      expect((await runnerArmed(scheduleId))?.at).toBe("2027-04-26T09:00:00.000Z");
      await runScheduleUntil(scheduleId, clock, "2027-04-27T00:00:00Z");
      const issued = await scheduleInvoices(scheduleId);
      expect(issued.map((i) => [i.schedule_period, i.issue_date])).toEqual([
        [0, "2027-03-01"],
        [1, "2027-03-08"],
        [2, "2027-03-15"],
        [8, "2027-04-26"],
      ]);
      // Gapless: the resumed period takes the number after the last one issued.
      expect(issued.map((i) => i.number)).toEqual(["INV-2027-0001", "INV-2027-0002", "INV-2027-0003", "INV-2027-0004"]);

      clock.set("2027-04-28T00:00:00Z");
      const canceled = await cancelSchedule(ctx, scheduleId);
      expect(canceled).toMatchObject({ status: "canceled", next_issue_at: null });
      expect(await runnerAlarm(scheduleId)).toBeNull();
      expect(await runnerArmed(scheduleId)).toBeNull();
      clock.set("2027-06-01T00:00:00Z");
      await runDurableObjectAlarm(runnerFor(scheduleId));
      expect(await scheduleInvoices(scheduleId)).toHaveLength(4);
      await expect(updateSchedule(ctx, scheduleId, { memo: "late" })).rejects.toMatchObject({ code: "schedule_canceled" });
      await expect(resumeSchedule(ctx, scheduleId)).rejects.toMatchObject({ code: "schedule_canceled" });
      const events = await env.DB.prepare("SELECT type FROM events WHERE account_id = ? AND object_type = 'invoice_schedule' ORDER BY created_at, id")
        .bind(accountId)
        .all<{ type: string }>();
      expect(events.results.map((e) => e.type)).toEqual([
        "invoice_schedule.created",
        "invoice_schedule.paused",
        "invoice_schedule.resumed",
        "invoice_schedule.canceled",
      ]);
    });

  it("a PATCH applies from the next period issued; what was issued stays as it was", async () => {
    const { ctx, clock, scheduleId } = await setup();
    await runScheduleUntil(scheduleId, clock, "2027-03-02T00:00:00Z");
    clock.set("2027-03-03T00:00:00Z");
    await updateSchedule(ctx, scheduleId, { line_items: [{ description: "Week of {period_start}, new rate", quantity: 1, unit_price: 12000 }] });
    await runScheduleUntil(scheduleId, clock, "2027-03-09T00:00:00Z");
    const issued = await scheduleInvoices(scheduleId);
    expect(issued.map((i) => i.total_amount)).toEqual([10000, 12000]);
  });

  it("shortening the end to the periods already issued completes the schedule on the spot", async () => {
    const { ctx, clock, scheduleId } = await setup();
    await runScheduleUntil(scheduleId, clock, "2027-03-09T00:00:00Z");
    clock.set("2027-03-10T00:00:00Z");
    await expect(updateSchedule(ctx, scheduleId, { end: { after_count: 1 } })).rejects.toMatchObject({ param: "end.after_count" });
    const ended = await updateSchedule(ctx, scheduleId, { end: { after_count: 2 } });
    expect(ended).toMatchObject({ status: "completed", next_issue_at: null });
    expect(await runnerAlarm(scheduleId)).toBeNull();
    expect(await scheduleInvoices(scheduleId)).toHaveLength(2);
  });

  for (const [change, done] of [
    ["pause", "paused"],
    ["cancel", "canceled"],
  ] as const)
    it(`a period whose run died after its batch is still numbered and emailed once when the schedule is ${done} before the retry`, async () => {
      const faults: D1Fault[] = [{ sql: /^insert into "invoices"/, at: "after", label: "died after the issue batch" }];
      const { ctx, clock, scheduleId, mailer } = await setup({ issue: "send" }, faultyD1(env.DB, faults));
      clock.set("2027-03-01T09:00:00Z");
      await runDurableObjectAlarm(runnerFor(scheduleId));
      expect(faults).toEqual([]);
      expect((await scheduleInvoices(scheduleId)).map((i) => i.status)).toEqual(["draft"]);
      // The merchant acts before the retry: the schedule stops, the period already issued does not.
      await (change === "pause" ? pauseSchedule : cancelSchedule)(ctx, scheduleId);
      expect(await runnerAlarm(scheduleId)).not.toBeNull();
      clock.set("2027-03-01T09:01:00Z");
      await runDurableObjectAlarm(runnerFor(scheduleId));
      const [invoice] = await scheduleInvoices(scheduleId);
      expect(invoice).toMatchObject({ status: "sent", number: "INV-2027-0001", sent_count: 1 });
      expect(mailer.sent).toHaveLength(1);
      // Then nothing more: no alarm, and later periods are not issued.
      expect(await runnerAlarm(scheduleId)).toBeNull();
      clock.set("2027-04-01T00:00:00Z");
      await runDurableObjectAlarm(runnerFor(scheduleId));
      expect(await scheduleInvoices(scheduleId)).toHaveLength(1);
    });

  it("a retry under the same Idempotency-Key arms the runner a first run that died before its sync left unarmed", async () => {
    const { api, accountId } = await newAccount({ timezone: "UTC" });
    const customerId = await createCustomer(api, { email: "ap@customer.test" });
    const services = buildServices(env);
    const input = {
      customer_id: customerId,
      interval: "month" as const,
      start_date: "2027-03-01",
      line_items: [{ description: "Retainer", quantity: 1, unit_price: 10000 }],
    };
    // The first run commits the schedule but never reaches the runner (no runner in its services).
    const first = await createSchedule(actingAs({ ...services, scheduleRunner: undefined }, accountId, "key_test", { idempotencyKey: "k1" }), input);
    expect(await runnerAlarm(first.id)).toBeNull();
    const retry = await createSchedule(actingAs(services, accountId, "key_test", { idempotencyKey: "k1" }), input);
    expect(retry.id).toBe(first.id);
    expect(await runnerAlarm(first.id)).not.toBeNull();
    expect((await runnerArmed(first.id))?.at).toBe("2027-03-01T09:00:00.000Z");
  });
});
