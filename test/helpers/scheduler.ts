import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import type { InvoiceScheduler } from "../../src/durable-objects/invoice-scheduler";
import type { Mailer } from "../../src/services/mail/mailer";
import type { OutgoingMail } from "../../src/services/mail/outgoing-mail";
import type { SchedulerClock } from "../../src/services/reminders/clock";
import { newAccount, seedCustomer, seedInvoiceBody } from "./api";

/**
 * A clock for the scheduler that the test moves by hand. Its alarms are armed as far ahead
 * of the real time as the schedule is ahead of this clock, so the platform never fires one
 * by itself before the test moves the clock and runs it.
 */
export class TestClock implements SchedulerClock {
  #at: number;
  constructor(start: string) {
    this.#at = Date.parse(start);
  }
  now() {
    return this.#at;
  }
  alarmTime(at: number) {
    return Date.now() + Math.max(at - this.#at, 0) + 60_000;
  }
  set(iso: string | number) {
    this.#at = typeof iso === "number" ? iso : Date.parse(iso);
  }
  get iso() {
    return new Date(this.#at).toISOString();
  }
}

/** A mailer that keeps every message it was given; `failNext` makes the next sends throw. */
export class RecordingMailer implements Mailer {
  sent: OutgoingMail[] = [];
  calls = 0;
  failures: Array<() => never> = [];
  async send(mail: OutgoingMail) {
    this.calls += 1;
    const fail = this.failures.shift();
    if (fail) fail();
    this.sent.push(mail);
    return { transport: "send_email" as const, providerMessageIds: [`prov-${this.sent.length}`] };
  }
  subjects() {
    return this.sent.map((m) => m.content.subject);
  }
}

/** The invoice's scheduler object, typed as its class (the app's client sees only its RPC surface). */
export function stubFor(invoiceId: string) {
  const namespace = env.INVOICE_SCHEDULER as DurableObjectNamespace<InvoiceScheduler>;
  return namespace.get(namespace.idFromName(invoiceId));
}

/** Installs the test's clock, mailer and (optionally) D1 in the invoice's scheduler instance. */
export async function instrument(invoiceId: string, seams: { clock?: TestClock; mailer?: Mailer; d1?: D1Database }) {
  await runInDurableObject(stubFor(invoiceId), (obj: InvoiceScheduler) => {
    if (seams.clock) obj.clock = seams.clock;
    const services = obj.services;
    obj.services = {
      ...services,
      db: seams.d1 ? createDb(seams.d1) : services.db,
      mailer: seams.mailer ?? services.mailer,
    };
  });
}

export const platformAlarm = (invoiceId: string) => runInDurableObject(stubFor(invoiceId), (_obj, state) => state.storage.getAlarm());
export const armed = (invoiceId: string) => stubFor(invoiceId).armed();

/**
 * Runs the invoice's alarm again and again, each time moving the clock to what it is armed
 * for, until nothing is armed before `until`. Returns how many times it ran.
 */
export async function runUntilIdle(invoiceId: string, clock: TestClock, until: string, maxRuns = 50): Promise<number> {
  let runs = 0;
  for (; runs < maxRuns; runs++) {
    const wake = await armed(invoiceId);
    if (!wake || (await platformAlarm(invoiceId)) === null || Date.parse(wake.at) > Date.parse(until)) return runs;
    clock.set(Math.max(clock.now(), Date.parse(wake.at)));
    await runDurableObjectAlarm(stubFor(invoiceId));
  }
  throw new Error(`scheduler for ${invoiceId} still busy after ${maxRuns} runs`);
}

export type SeedInvoice = { accountId: string; invoiceId: string; api: Awaited<ReturnType<typeof newAccount>>["api"] };

/**
 * The seed invoice, sent, with the seed's timeline: sent 2024-01-20T12:00:00Z, due 2024-02-18.
 * It goes through the API (the send also arms the scheduler), then its send time is set to
 * the seed's and the scheduler, now on the test clock, is synced again.
 */
export async function seedSentInvoice(clock: TestClock, mailer: Mailer, account: { timezone?: string } = {}): Promise<SeedInvoice> {
  const { api, accountId } = await newAccount(account);
  const customer = await api.post("/v1/customers", seedCustomer);
  const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
  const invoiceId: string = draft.body.id;
  await instrument(invoiceId, { clock, mailer });
  const sent = await api.post(`/v1/invoices/${invoiceId}/send`, {});
  if (sent.status !== 200) throw new Error(`send failed: ${JSON.stringify(sent.body)}`);
  await env.DB.prepare("UPDATE invoices SET sent_at = ?, last_sent_at = ?, finalized_at = ? WHERE id = ?")
    .bind("2024-01-20T12:00:00.000Z", "2024-01-20T12:00:00.000Z", "2024-01-20T11:00:00.000Z", invoiceId)
    .run();
  await stubFor(invoiceId).sync(accountId, invoiceId);
  return { accountId, invoiceId, api };
}

export async function invoiceRow(invoiceId: string) {
  return env.DB.prepare("SELECT status, reminders_sent, next_reminder_at, overdue_at, amount_paid FROM invoices WHERE id = ?").bind(invoiceId).first<{
    status: string;
    reminders_sent: number;
    next_reminder_at: string | null;
    overdue_at: string | null;
    amount_paid: number;
  }>();
}

export async function eventsOf(invoiceId: string, type: string) {
  const { results } = await env.DB.prepare("SELECT type, actor, data, created_at FROM events WHERE object_id = ? AND type = ? ORDER BY created_at")
    .bind(invoiceId, type)
    .all<{ type: string; actor: string; data: string; created_at: string }>();
  return results;
}
