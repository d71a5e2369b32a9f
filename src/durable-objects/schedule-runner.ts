import { DurableObject } from "cloudflare:workers";
import { serialQueue, storageSendNotes } from "./object-storage";
import { type InvoiceState, loadInvoiceState } from "../db/invoice-state-queries";
import { completeSchedule, writeScheduleProgress } from "../db/schedule-issue-writes";
import { findScheduleRow, toSchedule } from "../db/invoice-schedule-queries";
import { DomainError, NotFoundError, StateConflictError, TransientConflictError } from "../domain/errors";
import { retryDelayMs } from "../domain/reminders";
import { periodExists } from "../domain/schedules/end-conditions";
import { nextPeriod } from "../domain/schedules/catch-up";
import { cadenceOf, duePeriods, type InvoiceSchedule, type IssueMode, issueStateOf, periodIssueInstant } from "../domain/schedules/schedule";
import { actingAs, type InvoiceContext } from "../services/invoices/context";
import { type SchedulerClock, systemClock } from "../services/reminders/clock";
import type { SendNotes } from "../services/reminders/once-mailer";
import type { ScheduleRunnerObject } from "../services/schedules/runner-client";
import { carryOutPeriod, issuePeriodDraft, periodInvoiceId, periodKey } from "../services/schedules/issue-period";
import { buildServices, type Services } from "../services/services";

/*
 * One object per invoice schedule (idFromName(scheduleId)) owning its single alarm: the next
 * period's issue instant. D1 holds the schedule; the object re-reads it on every sync and
 * every alarm, so a paused or canceled schedule's stale alarm stands down. Alarms are
 * at-least-once and the runtime can die at any await, so each step is safe to repeat:
 *   - the period's invoice is written by a guarded batch that creates it once
 *     (src/db/schedule-issue-writes.ts), under an id derived from `schedule:{id}:{n}`;
 *   - before that batch, `pending:{n}` records how far the period is to be taken, so a run
 *     that died after it finalizes and sends what the batch created;
 *   - finalizing skips an invoice no longer a draft, and the email goes out once under the
 *     period's key (the delivery record, and the send notes for the provider call itself);
 *   - `owed` is the last period an alarm fired for: the catch-up rule issues it however late
 *     retries make it, while periods that went by with no alarm at all follow `backfill`.
 */

type Target = { accountId: string; scheduleId: string };

/** What the alarm is armed for; kept for inspection, the platform alarm is what fires. */
export type ArmedIssue = {
  at: string;
  /** The period the alarm issues (the last of them when several are due). */
  through: number;
  /** Consecutive failed wakes; > 0 means this alarm is a retry. */
  retry: number;
  error?: string;
};

type Pending = { issue: IssueMode };

export const SCHEDULE_ACTOR = "system:invoice_schedule";

/** Periods one wake issues at most; when more are due the alarm fires again at once. */
const PERIODS_PER_WAKE = 25;

export class ScheduleRunner extends DurableObject<CloudflareBindings> implements ScheduleRunnerObject {
  /** The time the schedule runs on; tests install a controllable one (src/services/reminders/clock.ts). */
  clock: SchedulerClock = systemClock;
  #services?: Services;
  readonly #serial = serialQueue();

  get services(): Services {
    return (this.#services ??= buildServices(this.env, { scheduleRunner: false }));
  }

  set services(services: Services) {
    this.#services = services;
  }

  /** Re-reads the schedule, then arms the alarm for its next period or clears it. */
  async sync(accountId: string, scheduleId: string): Promise<ArmedIssue | null> {
    return this.#serial(() => this.#arm({ accountId, scheduleId }));
  }

  /** What the alarm is armed for, or null. */
  async armed(): Promise<ArmedIssue | null> {
    return this.ctx.storage.kv.get<ArmedIssue>("armed") ?? null;
  }

  override async alarm(): Promise<void> {
    await this.#serial(async () => {
      const target = this.ctx.storage.kv.get<Target>("target");
      if (!target) return;
      // The alarm fired: the period it was armed for is owed from now on, whatever happens next.
      const armed = this.ctx.storage.kv.get<ArmedIssue>("armed");
      if (armed) this.#owe(armed.through);
      try {
        await this.#wake(target);
      } catch (err) {
        // Retried here rather than by rethrowing: the platform gives up after 6 retries, and a
        // period must survive a mail provider or D1 that is down for longer.
        await this.#retryLater(target, err);
      } finally {
        // What the wake recorded (invoices, numbers, emails) goes on to the webhooks; a lost flush is the sweep's.
        await this.services.outbox
          .flush()
          .catch((err) => console.error(JSON.stringify({ level: "error", message: "outbox flush failed", error: String(err) })));
      }
    });
  }

  async #wake(target: Target): Promise<void> {
    const ctx = this.#context(target);
    await this.#finishPending(ctx);
    const row = await findScheduleRow(ctx.db, target.accountId, target.scheduleId);
    if (row) {
      const schedule = toSchedule(row);
      const due = duePeriods(schedule, ctx.now(), this.#owed(), PERIODS_PER_WAKE);
      if (due.periods.length > 0) this.#owe(due.periods[due.periods.length - 1]!);
      for (const n of due.periods) await this.#issue(ctx, schedule, n);
    }
    this.ctx.storage.kv.delete("failures");
    await this.#arm(target);
  }

  /** Period n: its draft in one batch, then as far as the schedule says, each step once. */
  async #issue(ctx: InvoiceContext, schedule: InvoiceSchedule, n: number): Promise<void> {
    const pending: Pending = { issue: schedule.issue };
    this.ctx.storage.kv.put(`pending:${n}`, pending);
    await this.ctx.storage.sync();
    const state = await issuePeriodDraft(ctx, schedule, n);
    if (state) await this.#carryOut(ctx, schedule.id, n, pending, state);
    this.ctx.storage.kv.delete(`pending:${n}`);
  }

  /** Periods a run that died left part-way: finished as they were meant to be when issued. */
  async #finishPending(ctx: InvoiceContext): Promise<void> {
    const target = this.ctx.storage.kv.get<Target>("target")!;
    for (const [key, pending] of this.ctx.storage.kv.list<Pending>({ prefix: "pending:" })) {
      const n = Number(key.slice("pending:".length));
      const state = await loadInvoiceState(ctx.db, ctx.accountId, await periodInvoiceId(ctx.accountId, target.scheduleId, n));
      // No invoice: the batch never committed; the period is still due (and owed) and is issued below.
      if (state) await this.#carryOut(ctx, target.scheduleId, n, pending, state);
      this.ctx.storage.kv.delete(key);
    }
  }

  async #carryOut(ctx: InvoiceContext, scheduleId: string, n: number, pending: Pending, state: InvoiceState): Promise<void> {
    try {
      await carryOutPeriod(ctx, state, pending.issue, periodKey(scheduleId, n), this.#notes());
    } catch (err) {
      if (!isPermanent(err)) throw err;
      // The invoice exists but cannot go further as it stands (the customer has no email any
      // more, e-invoicing data is missing, the merchant voided it): retrying cannot change that,
      // so the period is done; the invoice shows how far it got.
      console.warn(
        JSON.stringify({
          level: "warn",
          message: "schedule period stopped",
          schedule_id: scheduleId,
          period: n,
          invoice_id: state.row.id,
          error: describe(err),
        }),
      );
    }
  }

  async #arm(target: Target): Promise<ArmedIssue | null> {
    const { db } = this.services;
    const { kv } = this.ctx.storage;
    const stored = kv.get<Target>("target");
    if (stored?.scheduleId !== target.scheduleId || stored.accountId !== target.accountId) kv.put("target", target);
    const row = await findScheduleRow(db, target.accountId, target.scheduleId);
    const schedule = row ? toSchedule(row) : null;
    const next = schedule?.status === "active" ? await this.#next(schedule) : null;
    const current = await this.ctx.storage.getAlarm();
    if (!next && this.#hasPending()) {
      // A period whose invoice a dead run wrote but did not finish is finished even after a
      // pause or cancel: it was issued before the change, and a draft left half-way (no
      // number, no email) is worse than either. A retry already armed keeps its backoff.
      if (current === null) await this.ctx.storage.setAlarm(this.clock.alarmTime(this.clock.now()));
      return kv.get<ArmedIssue>("armed") ?? null;
    }
    if (!next) {
      kv.delete("armed");
      if (current !== null) await this.ctx.storage.deleteAlarm();
      return null;
    }
    const armed: ArmedIssue = { at: next.at.toISOString(), through: next.period, retry: 0 };
    kv.put("armed", armed);
    const alarmAt = this.clock.alarmTime(next.at.getTime());
    if (current !== alarmAt) await this.ctx.storage.setAlarm(alarmAt);
    return armed;
  }

  /**
   * The period to arm for and when: now when one is due, else its issue instant. Periods the
   * catch-up rule skips are recorded as skipped (and a schedule left with none completes), so
   * next_issue_at and the maintenance sweep see what the alarm is armed for.
   */
  async #next(schedule: InvoiceSchedule): Promise<{ period: number; at: Date } | null> {
    const now = new Date(this.clock.now());
    const due = duePeriods(schedule, now, this.#owed(), 1);
    const state = { ...issueStateOf(schedule, this.#owed()), now };
    const n = due.periods[0] ?? nextPeriod(cadenceOf(schedule), schedule.end, state);
    const target = { accountId: this.ctx.storage.kv.get<Target>("target")!.accountId, scheduleId: schedule.id };
    if (n === null || !periodExists(cadenceOf(schedule), schedule.end, n)) {
      const at = now.toISOString();
      const object = { ...schedule, status: "completed", completed_at: at, next_issue_at: null, updated_at: at };
      await completeSchedule(
        this.services.db,
        target.accountId,
        schedule.id,
        due.skipThrough === null ? schedule.next_period : due.skipThrough + 1,
        at,
        this.#who(),
        object,
      );
      return null;
    }
    const instant = periodIssueInstant(schedule, n);
    const at = due.periods.length > 0 ? now : instant;
    await writeScheduleProgress(this.services.db, target.accountId, schedule.id, { nextPeriod: n, nextIssueAt: instant.toISOString() });
    return { period: n, at };
  }

  async #retryLater(target: Target, err: unknown): Promise<void> {
    const failures = (this.ctx.storage.kv.get<number>("failures") ?? 0) + 1;
    this.ctx.storage.kv.put("failures", failures);
    const at = this.clock.now() + retryDelayMs(failures);
    await this.ctx.storage.setAlarm(this.clock.alarmTime(at));
    const error = describe(err);
    const through = this.ctx.storage.kv.get<ArmedIssue>("armed")?.through ?? this.#owed() ?? 0;
    this.ctx.storage.kv.put("armed", { at: new Date(at).toISOString(), through, retry: failures, error } satisfies ArmedIssue);
    console.warn(`schedule runner ${target.scheduleId}: wake failed (${failures} in a row), retrying at ${new Date(at).toISOString()}: ${error}`);
  }

  #hasPending(): boolean {
    return [...this.ctx.storage.kv.list({ prefix: "pending:", limit: 1 })].length > 0;
  }

  #owed(): number | null {
    return this.ctx.storage.kv.get<number>("owed") ?? null;
  }

  #owe(n: number): void {
    const owed = this.#owed();
    if (owed === null || n > owed) this.ctx.storage.kv.put("owed", n);
  }

  #notes(): SendNotes {
    return storageSendNotes(this.ctx.storage);
  }

  #who() {
    return { actor: SCHEDULE_ACTOR, requestId: null };
  }

  #context(target: Target): InvoiceContext {
    return { ...actingAs(this.services, target.accountId, SCHEDULE_ACTOR), now: () => new Date(this.clock.now()) };
  }
}

/** Errors about the data, which fail the same way on every retry; anything else (D1, the mail provider) is retried. */
function isPermanent(err: unknown): boolean {
  if (err instanceof TransientConflictError) return false;
  return err instanceof DomainError || err instanceof NotFoundError || err instanceof StateConflictError;
}

const describe = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
