import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import { invoiceSchedules } from "../../src/db/schema";
import type { ScheduleRunner } from "../../src/durable-objects/schedule-runner";
import { firstPeriodFor } from "../../src/domain/schedules/catch-up";
import { newId } from "../../src/ids";
import type { Mailer } from "../../src/services/mail/mailer";
import type { TestClock } from "./scheduler";

/** The schedule's runner object, typed as its class (the app's client sees only its RPC surface). */
export function runnerFor(scheduleId: string) {
  const namespace = env.SCHEDULE_RUNNER as DurableObjectNamespace<ScheduleRunner>;
  return namespace.get(namespace.idFromName(scheduleId));
}

/** Installs the test's clock, mailer and (optionally) D1 in the schedule's runner, and the clock in the invoices' own schedulers it syncs. */
export async function instrumentRunner(scheduleId: string, seams: { clock?: TestClock; mailer?: Mailer; d1?: D1Database }) {
  await runInDurableObject(runnerFor(scheduleId), (obj: ScheduleRunner) => {
    if (seams.clock) obj.clock = seams.clock;
    const services = obj.services;
    obj.services = {
      ...services,
      db: seams.d1 ? createDb(seams.d1) : services.db,
      mailer: seams.mailer ?? services.mailer,
      now: seams.clock ? () => new Date(seams.clock!.now()) : services.now,
    };
  });
}

export const runnerArmed = (scheduleId: string) => runnerFor(scheduleId).armed();
export const runnerAlarm = (scheduleId: string) => runInDurableObject(runnerFor(scheduleId), (_obj, state) => state.storage.getAlarm());

/**
 * Runs the schedule's alarm again and again, each time moving the clock to what it is armed
 * for, until nothing is armed before `until`. Returns how many times it ran.
 */
export async function runScheduleUntil(scheduleId: string, clock: TestClock, until: string, maxRuns = 200): Promise<number> {
  let runs = 0;
  for (; runs < maxRuns; runs++) {
    const wake = await runnerArmed(scheduleId);
    if (!wake || (await runnerAlarm(scheduleId)) === null || Date.parse(wake.at) > Date.parse(until)) return runs;
    clock.set(Math.max(clock.now(), Date.parse(wake.at)));
    await runDurableObjectAlarm(runnerFor(scheduleId));
  }
  throw new Error(`runner for ${scheduleId} still busy after ${maxRuns} runs`);
}

export type ScheduleSeed = {
  interval?: "day" | "week" | "month" | "year";
  interval_count?: number;
  start_date: string;
  time_zone?: string;
  issue_time?: string;
  end?: { after_count: number } | { on_date: string } | null;
  backfill?: boolean;
  issue?: "draft" | "finalize" | "send";
  /** When the schedule was created; its first period follows from it. */
  created_at: string;
  line_items?: unknown[];
  days_until_due?: number | null;
};

/**
 * A schedule row written straight to D1, as POST /v1/invoice_schedules would leave it, then
 * synced so its runner arms: the runner's tests need a schedule created at a time of their choosing.
 */
export async function seedSchedule(accountId: string, customerId: string, seed: ScheduleSeed): Promise<string> {
  const id = newId("isch");
  const cadence = {
    interval: seed.interval ?? "month",
    interval_count: seed.interval_count ?? 1,
    start_date: seed.start_date,
    time_zone: seed.time_zone ?? "UTC",
  };
  const issueTime = seed.issue_time ?? "09:00";
  const backfill = seed.backfill ?? false;
  await createDb(env.DB)
    .insert(invoiceSchedules)
    .values({
      id,
      accountId,
      customerId,
      status: "active",
      interval: cadence.interval,
      intervalCount: cadence.interval_count,
      startDate: cadence.start_date,
      timeZone: cadence.time_zone,
      issueTime,
      endAfterCount: seed.end && "after_count" in seed.end ? seed.end.after_count : null,
      endOnDate: seed.end && "on_date" in seed.end ? seed.end.on_date : null,
      backfill,
      issue: seed.issue ?? "finalize",
      currency: "USD",
      lineItems: seed.line_items ?? [{ description: "Retainer {month} {year}", quantity: 1, unit_price: 250000, tax_rate: 0.1 }],
      discount: null,
      daysUntilDue: seed.days_until_due === undefined ? 14 : seed.days_until_due,
      metadata: {},
      nextPeriod: firstPeriodFor(cadence, new Date(seed.created_at), { backfill }, issueTime),
      activeSince: seed.created_at,
      createdAt: seed.created_at,
      updatedAt: seed.created_at,
    });
  return id;
}

export async function scheduleInvoices(scheduleId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, number, status, issue_date, due_date, billing_period_start, billing_period_end, schedule_period, sent_count, total_amount FROM invoices WHERE schedule_id = ? ORDER BY schedule_period",
  )
    .bind(scheduleId)
    .all<{
      id: string;
      number: string | null;
      status: string;
      issue_date: string;
      due_date: string;
      billing_period_start: string;
      billing_period_end: string;
      schedule_period: number;
      sent_count: number;
      total_amount: number;
    }>();
  return results;
}

export async function scheduleRow(scheduleId: string) {
  return env.DB.prepare("SELECT status, next_period, issued_count, next_issue_at, completed_at FROM invoice_schedules WHERE id = ?").bind(scheduleId).first<{
    status: string;
    next_period: number;
    issued_count: number;
    next_issue_at: string | null;
    completed_at: string | null;
  }>();
}
