import { DurableObject } from "cloudflare:workers";
import { serialQueue, storageSendNotes } from "./object-storage";
import { findDeliveryStatus, noteDeliveryError } from "../db/delivery-queries";
import { type InvoiceState, scheduleFactsOf } from "../db/invoice-state-queries";
import { loadScheduleSnapshot, postponeNextReminder, writeNextReminderAt } from "../db/schedule-queries";
import { stopReminders } from "../services/reminders/stop-reminders";
import { DomainError, StateConflictError } from "../domain/errors";
import { nextWake, reminderAfterSending, retryDelayMs } from "../domain/reminders";
import { deliverInvoiceEmail } from "../services/delivery/deliver-invoice-email";
import { actingAs, type InvoiceContext } from "../services/invoices/context";
import { loadState } from "../services/invoices/load";
import { markOverdue } from "../services/invoices/transitions";
import { type SchedulerClock, systemClock } from "../services/reminders/clock";
import type { SchedulerObject } from "../services/reminders/schedule";
import { onceMailer, ReminderNoLongerDue, type SendNotes } from "../services/reminders/once-mailer";
import { buildServices, type Services } from "../services/services";

/*
 * One object per invoice (idFromName(invoiceId)) owning the invoice's single alarm: the next
 * reminder or the overdue transition, whichever comes first. D1 holds the invoice; the object
 * re-reads it on every sync and every alarm, so a stale alarm finds a paid invoice and stands
 * down. Alarms are at-least-once, so everything here is safe to repeat: overdue is refused
 * once overdue, a reminder's delivery key is `reminder:{invoice}:{index}`, and the send notes
 * (once-mailer.ts) cover the gap between the provider accepting a mail and D1 recording it.
 */

type Target = { accountId: string; invoiceId: string };

/** What the object is armed for; kept for inspection, the platform alarm is what fires. */
export type ArmedWake = {
  at: string;
  reminder: { index: number; at: string } | null;
  overdue_at: string | null;
  /** Consecutive failed wakes; > 0 means this alarm is a retry. */
  retry: number;
  error?: string;
};

/**
 * Everything outside the object it talks to, built by the object itself; tests swap parts (a
 * failing mailer, a faulty D1). No scheduler inside: the object arms itself after acting.
 */
export type SchedulerServices = Services;

export const SCHEDULER_ACTOR = "system:scheduler";

const iso = (ms: number) => new Date(ms).toISOString();

export class InvoiceScheduler extends DurableObject<CloudflareBindings> implements SchedulerObject {
  /** The time the schedule runs on; tests install a controllable one (see clock.ts). */
  clock: SchedulerClock = systemClock;
  #services?: SchedulerServices;
  readonly #serial = serialQueue();

  get services(): SchedulerServices {
    return (this.#services ??= buildServices(this.env, { scheduler: false }));
  }

  set services(services: SchedulerServices) {
    this.#services = services;
  }

  /** Re-reads the invoice, then arms the alarm for its next step or clears it. */
  async sync(accountId: string, invoiceId: string): Promise<ArmedWake | null> {
    return this.#serial(() => this.#arm({ accountId, invoiceId }));
  }

  /** What the alarm is armed for, or null. */
  async armed(): Promise<ArmedWake | null> {
    return this.ctx.storage.kv.get<ArmedWake>("wake") ?? null;
  }

  override async alarm(): Promise<void> {
    await this.#serial(async () => {
      const target = this.ctx.storage.kv.get<Target>("target");
      if (!target) return;
      try {
        await this.#wake(target);
      } catch (err) {
        // Retried here rather than by rethrowing: the platform gives up after 6 retries,
        // and a reminder must survive a mail provider that is down for longer.
        await this.#retryLater(target, err);
      } finally {
        // What the wake recorded (overdue, a reminder sent) goes on to the webhooks; a lost flush is the sweep's.
        await this.services.outbox
          .flush()
          .catch((err) => console.error(JSON.stringify({ level: "error", message: "outbox flush failed", error: String(err) })));
      }
    });
  }

  async #wake(target: Target): Promise<void> {
    const now = this.clock.now();
    const ctx = this.#context(target);
    await this.#finishPendingSends(ctx, target.invoiceId);

    let snapshot = await loadScheduleSnapshot(ctx.db, target.accountId, target.invoiceId);
    let wake = snapshot ? nextWake(snapshot.facts, new Date(now)) : null;
    if (wake?.overdue_at && wake.overdue_at.getTime() <= now) {
      await markOverdue(ctx, target.invoiceId).catch((err) => {
        // Paid, voided or already overdue in the meantime: nothing to do.
        if (!(err instanceof StateConflictError)) throw err;
      });
      snapshot = await loadScheduleSnapshot(ctx.db, target.accountId, target.invoiceId);
      wake = snapshot ? nextWake(snapshot.facts, new Date(now)) : null;
    }
    if (snapshot && wake?.reminder && wake.reminder.at.getTime() <= now) await this.#sendReminder(ctx, target.invoiceId, wake.reminder.index);
    this.ctx.storage.kv.delete("failures");
    await this.#arm(target);
  }

  async #sendReminder(ctx: InvoiceContext, invoiceId: string, index: number): Promise<void> {
    const key = `reminder:${invoiceId}:${index}`;
    const stillDue = async () => {
      const fresh = await loadScheduleSnapshot(ctx.db, ctx.accountId, invoiceId);
      const wake = fresh ? nextWake(fresh.facts, ctx.now()) : null;
      if (!wake?.reminder || wake.reminder.index !== index) return "the invoice no longer calls for this reminder";
      return null;
    };
    try {
      await this.#deliver(ctx, invoiceId, key, stillDue, (sentAt, current) => reminderAfterSending(scheduleFactsOf(current), sentAt, "reminder"));
    } catch (err) {
      if (err instanceof ReminderNoLongerDue) return;
      // Bad data (an address the mail service refuses) fails the same way on every retry:
      // stop reminding this invoice and say why in its timeline instead of retrying forever.
      if (err instanceof DomainError) return stopReminders(ctx, invoiceId, `${err.param}: ${err.message}`);
      throw err;
    }
  }

  /** Delivers (or, with a note from an earlier attempt, only records) the reminder for `key`. */
  async #deliver(
    ctx: InvoiceContext,
    invoiceId: string,
    key: string,
    stillDue: () => Promise<string | null>,
    nextReminderAt?: (sentAt: string, state: InvoiceState) => string | null,
  ) {
    const notes = this.#notes();
    const once = onceMailer(ctx.mailer, notes, key, () => this.clock.now(), stillDue);
    const result = await deliverInvoiceEmail({ ...ctx, mailer: once.mailer }, await loadState(ctx, invoiceId, key), {
      kind: "reminder",
      dedupeKey: key,
      attachPdf: true,
      alsoSet: nextReminderAt ? (sentAt, current) => ({ nextReminderAt: nextReminderAt(sentAt, current) }) : undefined,
    });
    if (once.outcome() === "outcome_unknown" && !result.duplicate)
      await noteDeliveryError(
        ctx.db,
        ctx.accountId,
        result.deliveryId,
        "Outcome unknown: the scheduler stopped while the mail provider call was in flight; recorded as sent and not repeated, so the step is sent at most once.",
      );
    notes.delete(key);
  }

  /**
   * A note left by an attempt that died after the transport was called: the mail left (or may
   * have), so record it now — whatever the invoice's state — instead of sending it again.
   */
  async #finishPendingSends(ctx: InvoiceContext, invoiceId: string): Promise<void> {
    for (const [noteKey] of this.ctx.storage.kv.list({ prefix: "send:" })) {
      const key = noteKey.slice("send:".length);
      if ((await findDeliveryStatus(ctx.db, ctx.accountId, key)) !== "sent") await this.#deliver(ctx, invoiceId, key, async () => null);
      this.#notes().delete(key);
    }
  }

  async #arm(target: Target): Promise<ArmedWake | null> {
    const now = this.clock.now();
    const { db } = this.services;
    const snapshot = await loadScheduleSnapshot(db, target.accountId, target.invoiceId);
    const wake = snapshot ? nextWake(snapshot.facts, new Date(now)) : null;
    const nextReminderAt = wake?.reminder?.at.toISOString() ?? null;
    if (snapshot && snapshot.nextReminderAt !== nextReminderAt) await writeNextReminderAt(db, target.accountId, target.invoiceId, nextReminderAt);

    // No await between these writes, so they commit together (and each Durable Object write
    // costs a disk flush: 1,000 invoices are 1,000 objects). Unchanged values are not rewritten.
    const { kv } = this.ctx.storage;
    const current = await this.ctx.storage.getAlarm();
    const stored = kv.get<Target>("target");
    if (stored?.invoiceId !== target.invoiceId || stored.accountId !== target.accountId) kv.put("target", target);
    if (!wake) {
      kv.delete("wake");
      if (current !== null) await this.ctx.storage.deleteAlarm();
      return null;
    }
    const armed: ArmedWake = {
      at: wake.at.toISOString(),
      reminder: wake.reminder ? { index: wake.reminder.index, at: wake.reminder.at.toISOString() } : null,
      overdue_at: wake.overdue_at?.toISOString() ?? null,
      retry: 0,
    };
    kv.put("wake", armed);
    const alarmAt = this.clock.alarmTime(wake.at.getTime());
    if (current !== alarmAt) await this.ctx.storage.setAlarm(alarmAt);
    return armed;
  }

  async #retryLater(target: Target, err: unknown): Promise<void> {
    const failures = (this.ctx.storage.kv.get<number>("failures") ?? 0) + 1;
    this.ctx.storage.kv.put("failures", failures);
    const at = this.clock.now() + retryDelayMs(failures);
    await this.ctx.storage.setAlarm(this.clock.alarmTime(at));
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const previous = this.ctx.storage.kv.get<ArmedWake>("wake");
    const reminder = previous?.reminder && Date.parse(previous.reminder.at) < at ? { ...previous.reminder, at: iso(at) } : (previous?.reminder ?? null);
    this.ctx.storage.kv.put("wake", { at: iso(at), reminder, overdue_at: previous?.overdue_at ?? null, retry: failures, error } satisfies ArmedWake);
    console.warn(`invoice scheduler ${target.invoiceId}: wake failed (${failures} in a row), retrying at ${iso(at)}: ${error}`);
    // A reminder that was due is now due at the retry: say so on the invoice. D1 may be what
    // is failing, so this is best effort; the next successful wake writes it again.
    await postponeNextReminder(this.services.db, target.accountId, target.invoiceId, iso(at)).catch(() => undefined);
  }

  #notes(): SendNotes {
    return storageSendNotes(this.ctx.storage);
  }

  #context(target: Target): InvoiceContext {
    return { ...actingAs(this.services, target.accountId, SCHEDULER_ACTOR), now: () => new Date(this.clock.now()) };
  }
}
