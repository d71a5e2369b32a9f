import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ScheduleRunner } from "../../src/durable-objects/schedule-runner";
import { MailTransportError, type Mailer } from "../../src/services/mail/mailer";
import type { OutgoingMail } from "../../src/services/mail/outgoing-mail";
import { createCustomer, newAccount } from "../helpers/api";
import { RecordingMailer, TestClock } from "../helpers/scheduler";
import {
  accountNumbers,
  type D1Fault,
  eventCounts,
  faultyD1,
  instrumentRunner,
  invoiceDeliveries,
  runnerArmed,
  runnerFor,
  runnerStorageKeys,
  runScheduleUntil,
  scheduleInvoices,
  seedSchedule,
} from "../helpers/schedules";

/*
 * A "send" schedule's alarm is made to fail at each step of issuing a period (before its
 * batch, between the batch and the number, between the number and the email, during the
 * email), then its retries are run on the test clock. Whatever the step, the period ends with
 * one invoice, one number (the next one, with none skipped), and one email.
 */

const CUSTOMER_EMAIL = "ap@customer.test";
const PERIOD_0 = "2028-01-31T09:00:00.000Z";
const PERIOD_1 = "2028-02-29T09:00:00.000Z";

// The statements the runner's wake writes (src/services/schedules/issue-period.ts and what it calls).
const ACCOUNT_READ = /^select .* from "accounts"/;
const ISSUE_BATCH = /^insert into "invoices"/;
const FINALIZE_BATCH = /^update "invoices" set "number" = /;
const DELIVERY_CLAIM = /^insert into "deliveries"/;
// Not markDeliveryFailed, whose SET also starts with these two columns.
const DELIVERY_ACCEPTED = /^update "deliveries" set "status" = \?, "accepted_recipients" = \? where /;
const SEND_RECORD = /^update "invoices" set "status" = \?, "sent_at" = \?/;

type Step = { name: string; d1?: D1Fault[]; mailerFails?: boolean };

const STEPS: Step[] = [
  { name: "before the batch: the account read fails", d1: [{ sql: ACCOUNT_READ, at: "before", label: "account read" }] },
  { name: "before the batch: the batch itself fails, nothing committed", d1: [{ sql: ISSUE_BATCH, at: "before", label: "issue batch" }] },
  { name: "the batch committed, then the run died before finalizing", d1: [{ sql: ISSUE_BATCH, at: "after", label: "died after the issue batch" }] },
  { name: "finalizing fails (no number given)", d1: [{ sql: FINALIZE_BATCH, at: "before", label: "finalize" }] },
  { name: "finalized, then the run died before the send", d1: [{ sql: FINALIZE_BATCH, at: "after", label: "died after finalizing" }] },
  { name: "the delivery claim fails", d1: [{ sql: DELIVERY_CLAIM, at: "before", label: "delivery claim" }] },
  { name: "the mail provider refuses the message", mailerFails: true },
  {
    name: "the provider accepted, then D1 failed to note it",
    d1: [{ sql: DELIVERY_ACCEPTED, at: "before", label: "delivery accepted" }],
  },
  { name: "the provider accepted, then D1 failed to record the send", d1: [{ sql: SEND_RECORD, at: "before", label: "send record" }] },
  { name: "the send was recorded, then the run died", d1: [{ sql: SEND_RECORD, at: "after", label: "died after the send record" }] },
];

async function setup() {
  const { api, accountId } = await newAccount();
  const customerId = await createCustomer(api, { email: CUSTOMER_EMAIL });
  const scheduleId = await seedSchedule(accountId, customerId, { start_date: "2028-01-31", created_at: "2028-01-15T00:00:00Z", issue: "send" });
  const clock = new TestClock("2028-01-15T00:00:00Z");
  const mailer = new RecordingMailer();
  const faults: D1Fault[] = [];
  await instrumentRunner(scheduleId, { clock, mailer, d1: faultyD1(env.DB, faults) });
  expect(await runnerFor(scheduleId).sync(accountId, scheduleId)).toMatchObject({ at: PERIOD_0, through: 0 });
  return { accountId, scheduleId, clock, mailer, faults };
}

const transportDown = () => {
  throw new MailTransportError("send_email", "upstream mail service unavailable");
};

/** Period 0 went out once: one invoice, numbered first, emailed once, its delivery and events once each. */
async function expectPeriodZeroOnce(scheduleId: string, mailer: RecordingMailer) {
  const issued = await scheduleInvoices(scheduleId);
  expect(issued.map((i) => [i.schedule_period, i.number, i.status, i.sent_count])).toEqual([[0, "INV-2028-0001", "sent", 1]]);
  expect(mailer.sent).toHaveLength(1);
  expect(mailer.sent[0]!.recipients).toEqual([CUSTOMER_EMAIL]);
  expect(mailer.sent[0]!.content.subject).toContain("INV-2028-0001");
  const deliveries = await invoiceDeliveries(issued[0]!.id);
  expect(deliveries.map((d) => d.status)).toEqual(["sent"]);
  expect(await eventCounts(issued[0]!.id)).toMatchObject({ "invoice.created": 1, "invoice.finalized": 1, "invoice.sent": 1 });
  return { invoice: issued[0]!, delivery: deliveries[0]! };
}

/** The next period is issued with the next number: none was used up by the failed attempts. */
async function expectNextPeriodNumberedNext(accountId: string, scheduleId: string, clock: TestClock, mailer: RecordingMailer) {
  // Nothing left part-way: no pending period, no send note, no failure count.
  expect(await runnerStorageKeys(scheduleId)).toEqual(["armed", "owed", "target"]);
  expect(await runnerArmed(scheduleId)).toEqual({ at: PERIOD_1, through: 1, retry: 0 });
  await runScheduleUntil(scheduleId, clock, "2028-02-29T12:00:00Z");
  const issued = await scheduleInvoices(scheduleId);
  expect(issued.map((i) => [i.schedule_period, i.number, i.status, i.sent_count])).toEqual([
    [0, "INV-2028-0001", "sent", 1],
    [1, "INV-2028-0002", "sent", 1],
  ]);
  expect(await accountNumbers(accountId)).toEqual(["INV-2028-0001", "INV-2028-0002"]);
  const sequence = await env.DB.prepare("SELECT last_value FROM invoice_sequences WHERE account_id = ?").bind(accountId).first<{ last_value: number }>();
  expect(sequence?.last_value).toBe(2);
  expect(mailer.sent).toHaveLength(2);
}

describe("a scheduled period is issued, numbered and emailed exactly once when its alarm fails part-way", () => {
  it("each fault point names exactly one statement of a wake that goes through (so a fault fails the step it says)", async () => {
    const { scheduleId, clock, mailer, faults } = await setup();
    const log: string[] = [];
    await instrumentRunner(scheduleId, { clock, mailer, d1: faultyD1(env.DB, faults, log) });
    clock.set(PERIOD_0);
    await runDurableObjectAlarm(runnerFor(scheduleId));
    await expectPeriodZeroOnce(scheduleId, mailer);
    // In the order of the wake; the account is read again by the send, after the batch.
    const points = [ACCOUNT_READ, ISSUE_BATCH, FINALIZE_BATCH, DELIVERY_CLAIM, DELIVERY_ACCEPTED, SEND_RECORD];
    const first = points.map((sql) => log.findIndex((s) => sql.test(s)));
    expect(first.every((at, i) => at >= 0 && (i === 0 || at > first[i - 1]!))).toBe(true);
    for (const sql of points.slice(1))
      expect(
        log.filter((s) => sql.test(s)),
        String(sql),
      ).toHaveLength(1);
  });

  for (const step of [...STEPS, { name: "all of the above, one after another" }]) {
    it(`fails ${step.name}, is retried, and the period has one invoice, one number, one email`, async () => {
      const { accountId, scheduleId, clock, mailer, faults } = await setup();
      const all = step.name.startsWith("all of the above");
      for (const s of all ? STEPS : [step]) {
        faults.push(...(s.d1 ?? []));
        if (s.mailerFails) mailer.failures.push(transportDown);
      }
      const injected = faults.length + mailer.failures.length;

      clock.set(PERIOD_0);
      await runDurableObjectAlarm(runnerFor(scheduleId));
      // The first fault failed the wake (drizzle wraps a lone statement's error as "Failed query"),
      // and the runner armed a retry of period 0, not the next period.
      expect(faults.length + mailer.failures.length).toBe(injected - 1);
      const retry = await runnerArmed(scheduleId);
      expect(retry).toMatchObject({ through: 0, retry: 1 });
      expect(retry!.error).toMatch(/injected|mail provider|^Error: Failed query/);
      expect(Date.parse(retry!.at)).toBe(Date.parse(PERIOD_0) + 30_000);

      // Each fault fails one wake; one more succeeds (before period 1 is due).
      const runs = await runScheduleUntil(scheduleId, clock, "2028-02-01T09:00:00Z");
      expect(runs).toBeGreaterThanOrEqual(injected);
      // Every fault fired.
      expect(faults).toEqual([]);
      expect(mailer.failures).toEqual([]);

      const { delivery } = await expectPeriodZeroOnce(scheduleId, mailer);
      // A refused message was tried again; otherwise the provider was called once.
      expect(mailer.calls).toBe(1 + (step.mailerFails || all ? 1 : 0));
      expect(delivery.error).toBeNull();
      await expectNextPeriodNumberedNext(accountId, scheduleId, clock, mailer);
    });
  }
});

/**
 * Keeps every message it is given (it reached the provider), and on `dieOnNext` resets the
 * runner's object before answering, or never answers: the runtime died with the call in flight.
 */
class DyingMailer implements Mailer {
  readonly inner = new RecordingMailer();
  dieOnNext: "abort" | "hang" | null = null;
  constructor(private readonly state: () => DurableObjectState) {}
  async send(mail: OutgoingMail) {
    const receipt = await this.inner.send(mail);
    const die = this.dieOnNext;
    this.dieOnNext = null;
    if (die === "abort") this.state().abort("injected: the runtime died while the mail provider call was in flight");
    if (die === "hang") await new Promise<never>(() => {});
    return receipt;
  }
}

describe("the runner dies while the mail provider call is in flight", () => {
  for (const how of ["abort", "hang"] as const) {
    it(`(${how === "abort" ? "reset mid-call" : "call never answers, object reset"}) records the send without mailing again: at most once`, async () => {
      const { accountId, scheduleId, clock, faults } = await setup();
      let state: DurableObjectState | undefined;
      const mailer = new DyingMailer(() => state!);
      const stub = runnerFor(scheduleId);
      state = await runInDurableObject(stub, (_obj: ScheduleRunner, s) => s);
      await instrumentRunner(scheduleId, { clock, mailer, d1: faultyD1(env.DB, faults) });
      mailer.dieOnNext = how;

      clock.set(PERIOD_0);
      const alarm = runDurableObjectAlarm(stub).then(
        () => "finished",
        (err: unknown) => `died: ${err}`,
      );
      if (how === "hang") {
        while (mailer.inner.sent.length === 0) await new Promise((r) => setTimeout(r, 10));
        // The alarm is stuck in the provider call; the object is reset under it.
        await runInDurableObject(stub, (_obj, s) => s.abort("injected: reset with the mail provider call in flight")).catch(() => undefined);
      }
      expect(await alarm).toMatch(/^died: .*injected/);
      expect(mailer.inner.sent).toHaveLength(1);

      // What the death left: the period pending, its mail noted in flight (flushed before the call), no retry armed.
      expect(await runnerStorageKeys(scheduleId)).toEqual(["armed", "owed", `pending:0`, `send:schedule:${scheduleId}:0`, "target"]);
      const [invoice] = await scheduleInvoices(scheduleId);
      expect(invoice).toMatchObject({ number: "INV-2028-0001", status: "finalized", sent_count: 0 });
      expect((await invoiceDeliveries(invoice!.id)).map((d) => d.status)).toEqual(["sending"]);

      // A fresh instance (the old one's seams went with it); the platform retries the alarm that died.
      await instrumentRunner(scheduleId, { clock, mailer, d1: faultyD1(env.DB, faults) });
      await runInDurableObject(runnerFor(scheduleId), (_obj, s) => s.storage.setAlarm(Date.now() + 60_000));
      await runScheduleUntil(scheduleId, clock, "2028-02-01T09:00:00Z");

      // Not mailed again: the provider was called once in all.
      expect(mailer.inner.calls).toBe(1);
      const { delivery } = await expectPeriodZeroOnce(scheduleId, mailer.inner);
      expect(delivery.error).toMatch(/^Outcome unknown/);
      await expectNextPeriodNumberedNext(accountId, scheduleId, clock, mailer.inner);
    });
  }
});
