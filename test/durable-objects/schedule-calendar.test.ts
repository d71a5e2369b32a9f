import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createCustomer, newAccount } from "../helpers/api";
import { RecordingMailer, TestClock } from "../helpers/scheduler";
import { instrumentRunner, runnerAlarm, runnerArmed, runnerFor, runScheduleUntil, scheduleInvoices, scheduleRow, seedSchedule } from "../helpers/schedules";

/*
 * The runner driven by its alarm on a test clock: each period issued on its own date, at the
 * schedule's local time, with the next gapless number, until the end condition completes it.
 */

async function setup(seed: Parameters<typeof seedSchedule>[2], clockAt: string, account: { timezone?: string } = {}) {
  const { api, accountId } = await newAccount(account);
  const customerId = await createCustomer(api, { email: "ap@customer.test" });
  const scheduleId = await seedSchedule(accountId, customerId, seed);
  const clock = new TestClock(clockAt);
  const mailer = new RecordingMailer();
  await instrumentRunner(scheduleId, { clock, mailer });
  await runnerFor(scheduleId).sync(accountId, scheduleId);
  return { api, accountId, customerId, scheduleId, clock, mailer };
}

describe("the schedule runner's calendar", () => {
  it("a monthly schedule from 31 January issues on 31 Jan, 29 Feb 2028, 31 Mar, 30 Apr, 31 May, never drifting to the 29th", async () => {
    const { scheduleId, clock, api } = await setup(
      { start_date: "2028-01-31", created_at: "2028-01-15T00:00:00Z", end: { after_count: 5 } },
      "2028-01-15T00:00:00Z",
    );
    expect((await runnerArmed(scheduleId))?.at).toBe("2028-01-31T09:00:00.000Z");
    await runScheduleUntil(scheduleId, clock, "2029-01-01T00:00:00Z");
    const issued = await scheduleInvoices(scheduleId);
    expect(issued.map((i) => i.issue_date)).toEqual(["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31"]);
    expect(issued.map((i) => [i.billing_period_start, i.billing_period_end])).toEqual([
      ["2028-01-31", "2028-02-28"],
      ["2028-02-29", "2028-03-30"],
      ["2028-03-31", "2028-04-29"],
      ["2028-04-30", "2028-05-30"],
      ["2028-05-31", "2028-06-29"],
    ]);
    // Finalized with gapless numbers; due 14 days after issue.
    expect(issued.map((i) => i.status)).toEqual(["finalized", "finalized", "finalized", "finalized", "finalized"]);
    expect(issued.map((i) => i.number)).toEqual(["INV-2028-0001", "INV-2028-0002", "INV-2028-0003", "INV-2028-0004", "INV-2028-0005"]);
    expect(issued[1]!.due_date).toBe("2028-03-14");
    // Placeholders are filled per period; the API shows the schedule and the period.
    const second = await api.get(`/v1/invoices/${issued[1]!.id}`);
    expect(second.body.line_items[0].description).toBe("Retainer February 2028");
    expect(second.body.schedule_id).toBe(scheduleId);
    expect(second.body.billing_period).toEqual({ start: "2028-02-29", end_inclusive: "2028-03-30" });
    // The invoice.created event carries the draft as the API shows it, columns left to their defaults included.
    const created = await env.DB.prepare("SELECT data FROM events WHERE object_id = ? AND type = 'invoice.created'")
      .bind(issued[0]!.id)
      .first<{ data: string }>();
    const object = JSON.parse(created!.data).object;
    expect(object).toMatchObject({ status: "draft", schedule_id: scheduleId, credited_amount: 0, applied_balance: 0, amount_due: issued[0]!.total_amount });
    expect(object.amount_due).toBe(275000);
    const row = await scheduleRow(scheduleId);
    expect(row).toMatchObject({ status: "completed", issued_count: 5, next_period: 5, next_issue_at: null });
    expect(await runnerAlarm(scheduleId)).toBeNull();
  });

  it("weekly in Los Angeles issues at 09:00 local across both DST changes (17:00Z in winter, 16:00Z in summer)", async () => {
    const seed = {
      interval: "week" as const,
      start_date: "2027-03-01",
      time_zone: "America/Los_Angeles",
      created_at: "2027-02-20T00:00:00Z",
      end: { on_date: "2027-11-15" },
    };
    const { scheduleId, clock } = await setup(seed, "2027-02-20T00:00:00Z");
    const instants: string[] = [];
    for (let i = 0; i < 60; i++) {
      const armed = await runnerArmed(scheduleId);
      if (!armed) break;
      instants.push(armed.at);
      await runScheduleUntil(scheduleId, clock, armed.at);
    }
    // DST began 14 March 2027 and ended 7 November 2027.
    expect(instants.slice(0, 3)).toEqual(["2027-03-01T17:00:00.000Z", "2027-03-08T17:00:00.000Z", "2027-03-15T16:00:00.000Z"]);
    expect(instants.slice(-3)).toEqual(["2027-11-01T16:00:00.000Z", "2027-11-08T17:00:00.000Z", "2027-11-15T17:00:00.000Z"]);
    const issued = await scheduleInvoices(scheduleId);
    expect(issued).toHaveLength(38);
    expect(issued.every((inv, i) => i === 0 || Date.parse(inv.issue_date) - Date.parse(issued[i - 1]!.issue_date) === 7 * 86_400_000)).toBe(true);
    expect((await scheduleRow(scheduleId))?.status).toBe("completed");
  });

  it("end.after_count 12 issues exactly 12 and completes, with one invoice_schedule.completed event", async () => {
    const { scheduleId, clock } = await setup(
      { start_date: "2028-01-01", created_at: "2027-12-01T00:00:00Z", end: { after_count: 12 } },
      "2027-12-01T00:00:00Z",
    );
    await runScheduleUntil(scheduleId, clock, "2031-01-01T00:00:00Z");
    const issued = await scheduleInvoices(scheduleId);
    expect(issued).toHaveLength(12);
    expect(issued.map((i) => i.schedule_period)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await scheduleRow(scheduleId)).toMatchObject({ status: "completed", issued_count: 12 });
    const { results } = await env.DB.prepare("SELECT type FROM events WHERE object_id = ? ORDER BY created_at").bind(scheduleId).all<{ type: string }>();
    expect(results.filter((e) => e.type === "invoice_schedule.completed")).toHaveLength(1);
    // Running the alarm again after completion issues nothing.
    clock.set("2032-01-01T00:00:00Z");
    await runnerFor(scheduleId).sync(
      (await env.DB.prepare("SELECT account_id FROM invoice_schedules WHERE id = ?").bind(scheduleId).first<{ account_id: string }>())!.account_id,
      scheduleId,
    );
    expect(await scheduleInvoices(scheduleId)).toHaveLength(12);
  });
});
