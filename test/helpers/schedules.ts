import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import { invoiceSchedules } from "../../src/db/schema";
import type { ScheduleRunner } from "../../src/durable-objects/schedule-runner";
import { firstPeriodFor } from "../../src/domain/schedules/catch-up";
import { newId } from "../../src/ids";
import type { Mailer } from "../../src/services/mail/mailer";
import { createCustomer, newAccount } from "./api";
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

/** A fault armed in faultyD1: the first statement whose SQL matches (alone or in a batch) throws, before it runs or after it committed. */
export type D1Fault = {
  sql: RegExp;
  at: "before" | "after";
  label: string;
  /** How many times it fires (default once): D1 down for a while. */
  times?: number;
};

const sqlOf = (statement: D1PreparedStatement) => (statement as unknown as { statement: string }).statement;

/**
 * D1 that fails at each armed fault (once, or `times` times), then behaves: a fault is removed
 * from `faults` once it has fired, so a test can check that it did. A batch counts as one write: "before" throws with
 * nothing of it committed, "after" throws once all of it has. Every statement's SQL goes to `log`.
 */
export function faultyD1(real: D1Database, faults: D1Fault[], log: string[] = []): D1Database {
  const fire = (sqls: string[], at: D1Fault["at"]) => {
    const i = faults.findIndex((f) => f.at === at && sqls.some((s) => f.sql.test(s)));
    if (i === -1) return;
    const fault = faults[i]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults.splice(i, 1);
    throw new Error(`injected: ${fault.label}`);
  };
  const guarded = async <T>(sqls: string[], run: () => Promise<T>): Promise<T> => {
    log.push(...sqls);
    fire(sqls, "before");
    const result = await run();
    fire(sqls, "after");
    return result;
  };
  // Statements handed out are wrapped so a lone one can fail; a batch is given the real ones.
  const unwrapped = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const sql = sqlOf(statement);
    const wrapper = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      run: () => guarded([sql], () => statement.run()),
      all: () => guarded([sql], () => statement.all()),
      first: (column?: string) => guarded([sql], () => (column === undefined ? statement.first() : statement.first(column))),
      raw: (options?: { columnNames?: boolean }) => guarded([sql], () => statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    unwrapped.set(wrapper, statement);
    return wrapper;
  };
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (prop === "batch")
        return (statements: D1PreparedStatement[]) => {
          const reals = statements.map((s) => unwrapped.get(s) ?? s);
          return guarded(reals.map(sqlOf), () => target.batch(reals));
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The keys in the runner's storage, sorted: what a wake left behind. */
export const runnerStorageKeys = (scheduleId: string) =>
  runInDurableObject(runnerFor(scheduleId), (_obj, state) => [...state.storage.kv.list()].map(([key]) => key).sort());

/** The account's invoice numbers, in order: a gap or a repeat shows here. */
export async function accountNumbers(accountId: string) {
  const { results } = await env.DB.prepare("SELECT number FROM invoices WHERE account_id = ? AND number IS NOT NULL ORDER BY number")
    .bind(accountId)
    .all<{ number: string }>();
  return results.map((r) => r.number);
}

/** The invoice's email deliveries (not reminders). */
export async function invoiceDeliveries(invoiceId: string) {
  const { results } = await env.DB.prepare(
    "SELECT dedupe_key, status, attempts, error FROM deliveries WHERE invoice_id = ? AND kind = 'invoice' ORDER BY dedupe_key",
  )
    .bind(invoiceId)
    .all<{ dedupe_key: string; status: string; attempts: number; error: string | null }>();
  return results;
}

/** How many events of each type the object has, e.g. { "invoice.created": 1, "invoice.sent": 1 }. */
export async function eventCounts(objectId: string) {
  const { results } = await env.DB.prepare("SELECT type, COUNT(*) AS n FROM events WHERE object_id = ? GROUP BY type")
    .bind(objectId)
    .all<{ type: string; n: number }>();
  return Object.fromEntries(results.map((r) => [r.type, r.n]));
}

/** A monthly schedule's POST body from 31 January 2027, a 2,500.00 retainer at 10 %: far enough ahead that no real alarm fires in a test. */
export const scheduleBody = (customerId: string, overrides: Record<string, unknown> = {}) => ({
  customer_id: customerId,
  interval: "month",
  start_date: "2027-01-31",
  line_items: [SCHEDULE_LINE],
  days_until_due: 14,
  ...overrides,
});

export const SCHEDULE_LINE = { description: "Retainer {month} {year}", quantity: 1, unit_price: 250000, tax_rate: 0.1 };

/** A new account and a customer with an email, for schedules to bill. */
export async function accountWithCustomer(account: { timezone?: string } = {}) {
  const { api, accountId } = await newAccount(account);
  const customerId = await createCustomer(api, { email: "ap@customer.test" });
  return { api, accountId, customerId };
}
