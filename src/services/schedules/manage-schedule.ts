import { sha256Hex } from "../../auth/api-key-token";
import { type AccountRow, toAccount } from "../../db/account-queries";
import { isForeignKeyViolation, isUniqueViolation } from "../../db/constraint-errors";
import { mergeMetadata } from "../../db/customer-queries";
import { findSchedule, findScheduleRow, type ScheduleRow, toSchedule, toScheduleRow } from "../../db/invoice-schedule-queries";
import { changeSchedule, insertSchedule, type ScheduleChange, templateChange } from "../../db/invoice-schedule-writes";
import { DATE_RANGE_TEXT, dateInZone, isDateInRange } from "../../domain/dates";
import { DomainError, NotFoundError, StateConflictError, TransientConflictError } from "../../domain/errors";
import type { ReminderPolicy } from "../../domain/reminders";
import { firstPeriodFor } from "../../domain/schedules/catch-up";
import { type End, periodCount } from "../../domain/schedules/end-conditions";
import { DEFAULT_ISSUE_TIME } from "../../domain/schedules/issue-instant";
import { type Anchor, type Interval, period } from "../../domain/schedules/periods";
import {
  cadenceOf,
  duePeriods,
  type InvoiceSchedule,
  type InvoiceTemplate,
  type IssueMode,
  resumedPeriod,
  scheduleNextIssueAt,
  upcomingPeriod,
} from "../../domain/schedules/schedule";
import { assertCadence, assertEnd } from "../../domain/schedules/validation";
import type { LineInput } from "../../domain/totals";
import type { Customer, Discount, PaymentLinkDisplay } from "../../domain/types";
import { newId } from "../../ids";
import { assertEInvoiceable } from "../e-invoice/render";
import type { InvoiceContext } from "../invoices/context";
import { loadScheduleParties } from "./issue-period";
import { syncRunnerAfterCommit } from "./runner-client";
import { periodDraftPreview } from "./upcoming";

/** What a merchant may change after creation: the invoice each period issues, and how the schedule ends. */
export type ScheduleTemplateInput = {
  currency?: string;
  line_items?: LineInput[];
  discount?: Discount | null;
  days_until_due?: number | null;
  payment_terms?: string | null;
  memo?: string | null;
  notes?: string | null;
  purchase_order_number?: string | null;
  payment_link_display?: PaymentLinkDisplay | null;
  reminders_enabled?: boolean;
  reminder_policy?: ReminderPolicy | null;
  metadata?: Record<string, string>;
  issue?: IssueMode;
  end?: End;
  backfill?: boolean;
};

/** The calendar: fixed at creation, since every period's index and dates follow from it. */
type CalendarInput = {
  customer_id: string;
  interval: Interval;
  interval_count?: number;
  start_date?: string;
  anchor?: Anchor;
  time_zone?: string;
  issue_time?: string;
};

export type CreateScheduleInput = ScheduleTemplateInput & CalendarInput & { line_items: LineInput[] };

/** A PATCH body; the calendar's fields are named only to be refused with a reason. */
export type ScheduleUpdate = ScheduleTemplateInput & Partial<CalendarInput>;

/**
 * The fields whose change a PATCH must price again. A change of anything else (memo, metadata,
 * the end…) is not refused for what the customer or the account became since: the runner
 * meets that on its own, whether or not the merchant edits a note.
 */
const INVOICE_FIELDS = ["line_items", "currency", "discount", "days_until_due", "payment_terms", "issue"] as const;

/** The most past periods a new schedule issues at once with backfill: a typo in start_date must not bill decades. */
export const MAX_BACKFILL_PERIODS = 100;

const CALENDAR_FIELDS = ["customer_id", "interval", "interval_count", "start_date", "anchor", "time_zone", "issue_time"] as const;

const who = (ctx: InvoiceContext) => ({ actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey ?? null });

/**
 * Creates a schedule and arms its runner. Its first period follows from the clock: without
 * backfill a start date in the past begins at the period in progress (if it began within its
 * grace) or the next; with backfill at period 0, the missed periods issued at once. The
 * template is priced as its first invoice would be, so one the runner could not issue is
 * refused now, naming the field. At most once per Idempotency-Key (the id derives from it).
 */
export async function createSchedule(ctx: InvoiceContext, input: CreateScheduleInput): Promise<InvoiceSchedule> {
  const id = ctx.idempotencyKey ? `isch_${(await sha256Hex(`${ctx.accountId}\ninvoice_schedule:${ctx.idempotencyKey}`)).slice(0, 24)}` : newId("isch");
  if (ctx.idempotencyKey) {
    const existing = await findSchedule(ctx.db, ctx.accountId, id);
    // Synced again: the run that created it may have died between its commit and its sync.
    if (existing) return synced(ctx, existing);
  }
  const { accountRow, customer } = await loadScheduleParties(ctx, input.customer_id);
  const now = ctx.now();
  const iso = now.toISOString();
  const time_zone = input.time_zone ?? accountRow.timezone;
  const cadence = {
    interval: input.interval,
    interval_count: input.interval_count ?? 1,
    start_date: input.start_date ?? dateInZone(now, time_zone),
    time_zone,
    anchor: input.anchor ?? "start_date",
  };
  assertCadence(cadence);
  const issue_time = input.issue_time ?? DEFAULT_ISSUE_TIME;
  const backfill = input.backfill ?? false;
  const draft: InvoiceSchedule = {
    id,
    object: "invoice_schedule",
    customer_id: customer.id,
    status: "active",
    ...cadence,
    issue_time,
    end: input.end ?? null,
    backfill,
    issue: input.issue ?? "finalize",
    ...template(input, accountRow),
    next_period: firstPeriodFor(cadence, now, { backfill }, issue_time),
    issued_count: 0,
    next_issue_at: null,
    last_issued_at: null,
    active_since: iso,
    paused_at: null,
    canceled_at: null,
    completed_at: null,
    created_at: iso,
    updated_at: iso,
  };
  const schedule = { ...draft, next_issue_at: scheduleNextIssueAt(draft, now) };
  checkSchedule(ctx, schedule, accountRow, customer);
  checkReachable(schedule, now);
  if (duePeriods(schedule, now, null, MAX_BACKFILL_PERIODS + 1).periods.length > MAX_BACKFILL_PERIODS)
    throw new DomainError(
      "start_date",
      `With backfill, at most ${MAX_BACKFILL_PERIODS} periods may already have gone by at creation; start later, or create the older invoices yourself.`,
    );
  try {
    await insertSchedule(ctx.db, toScheduleRow(schedule, ctx.accountId), schedule, who(ctx));
  } catch (err) {
    // Two runs of one key raced past the lookup: the primary key let one in.
    const winner = isUniqueViolation(err) ? await findSchedule(ctx.db, ctx.accountId, id) : null;
    if (winner) return synced(ctx, winner);
    // The customer was deleted between the read above and this write.
    if (isForeignKeyViolation(err)) throw new NotFoundError("customer", input.customer_id).asParam("customer_id");
    throw err;
  }
  return synced(ctx, schedule);
}

/**
 * Changes the template (or the end) from the next period issued: what was issued stays as it
 * was. The calendar cannot change: the periods already issued were counted from it.
 */
export async function updateSchedule(ctx: InvoiceContext, id: string, patch: ScheduleUpdate): Promise<InvoiceSchedule> {
  for (const field of CALENDAR_FIELDS)
    if (patch[field] !== undefined)
      throw new DomainError(
        field,
        `${field} cannot be changed once a schedule is created: its periods are counted from it. Cancel the schedule and create another.`,
      );
  const fields = Object.keys(patch);
  return change(ctx, id, "invoice_schedule.updated", async (current) => {
    refuseEnded(current);
    const { accountRow, customer } = await loadScheduleParties(ctx, current.customer_id);
    const metadata = patch.metadata ? mergeMetadata(current.metadata, patch.metadata) : current.metadata;
    const next: InvoiceSchedule = {
      ...current,
      ...defined(patch),
      ...(patch.days_until_due !== undefined && patch.days_until_due !== null && patch.payment_terms === undefined ? { payment_terms: null } : {}),
      ...(patch.payment_terms !== undefined && patch.payment_terms !== null && patch.days_until_due === undefined ? { days_until_due: null } : {}),
      metadata,
    };
    checkSchedule(ctx, next, accountRow, customer, {
      alreadyIssued: current.next_period,
      checkInvoice: INVOICE_FIELDS.some((field) => patch[field] !== undefined),
    });
    return { next, columns: templateChange(toScheduleRow(next, ctx.accountId)), detail: { fields } };
  });
}

/** Stops issuing until resumed; nothing of the pause is issued afterwards. Pausing a paused schedule changes nothing. */
export const pauseSchedule = (ctx: InvoiceContext, id: string) =>
  change(ctx, id, "invoice_schedule.paused", async (current) => {
    refuseEnded(current);
    if (current.status === "paused") return null;
    const at = ctx.now().toISOString();
    return { next: { ...current, status: "paused", paused_at: at, next_issue_at: null }, columns: { status: "paused", pausedAt: at, nextIssueAt: null } };
  });

/** Issues again from the first period at or after now: the next period only, however long the pause. */
export const resumeSchedule = (ctx: InvoiceContext, id: string) =>
  change(ctx, id, "invoice_schedule.resumed", async (current) => {
    refuseEnded(current);
    if (current.status === "active") return null;
    const now = ctx.now();
    const at = now.toISOString();
    const resumed: InvoiceSchedule = { ...current, status: "active", paused_at: null, active_since: at, next_period: resumedPeriod(current, now) };
    const next = { ...resumed, next_issue_at: scheduleNextIssueAt(resumed, now) };
    const columns: ScheduleChange = { status: "active", pausedAt: null, activeSince: at, nextPeriod: next.next_period, nextIssueAt: next.next_issue_at };
    return { next, columns };
  });

/** Ends the schedule for good: its alarm is cleared and it refuses every change from then on. */
export const cancelSchedule = (ctx: InvoiceContext, id: string) =>
  change(ctx, id, "invoice_schedule.canceled", async (current) => {
    refuseEnded(current);
    const at = ctx.now().toISOString();
    return {
      next: { ...current, status: "canceled", canceled_at: at, next_issue_at: null },
      columns: { status: "canceled", canceledAt: at, nextIssueAt: null },
    };
  });

type Planned = { next: InvoiceSchedule; columns: ScheduleChange; detail?: Record<string, unknown> } | null;

/**
 * Reads the schedule, plans the change, and writes it with its event against the version read;
 * a concurrent change (the runner issuing a period) makes it plan again. Then the runner syncs,
 * so its alarm follows the change. A plan of null changes nothing and answers the schedule.
 */
async function change(
  ctx: InvoiceContext,
  id: string,
  type: string,
  plan: (current: InvoiceSchedule, row: ScheduleRow) => Promise<Planned>,
): Promise<InvoiceSchedule> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await findScheduleRow(ctx.db, ctx.accountId, id);
    if (!row) throw new NotFoundError("invoice_schedule", id);
    const current = toSchedule(row);
    const planned = await plan(current, row);
    if (!planned) return current;
    // Strictly later than the row's own stamp, so updated_at orders the changes.
    const at = new Date(Math.max(ctx.now().getTime(), Date.parse(row.updatedAt) + 1)).toISOString();
    const next = { ...planned.next, updated_at: at };
    if (await changeSchedule(ctx.db, ctx.accountId, id, row.version, planned.columns, { type, object: next, detail: planned.detail, ...who(ctx) }, at))
      return synced(ctx, next);
  }
  throw new TransientConflictError("invoice_schedule_busy", "The invoice schedule is being changed by another request; retry.");
}

/** After a commit: the runner re-arms, and the schedule is read back with the next_issue_at it wrote. */
async function synced(ctx: InvoiceContext, schedule: InvoiceSchedule): Promise<InvoiceSchedule> {
  const armed = await syncRunnerAfterCommit(ctx.scheduleRunner, ctx.accountId, schedule.id);
  if (armed === undefined) return schedule;
  return (await findSchedule(ctx.db, ctx.accountId, schedule.id)) ?? schedule;
}

function refuseEnded(s: InvoiceSchedule): void {
  if (s.status === "canceled") throw new StateConflictError("schedule_canceled", "This invoice schedule is canceled; it cannot be changed.");
  if (s.status === "completed") throw new StateConflictError("schedule_completed", "This invoice schedule has completed; it cannot be changed.");
}

/** The invoice template of a new schedule: what was given, the account's defaults for the rest. */
function template(input: ScheduleTemplateInput, accountRow: AccountRow): InvoiceTemplate {
  return {
    currency: input.currency ?? accountRow.defaultCurrency,
    line_items: input.line_items ?? [],
    discount: input.discount ?? null,
    days_until_due: input.days_until_due ?? null,
    payment_terms: input.payment_terms ?? null,
    memo: input.memo ?? null,
    notes: input.notes ?? null,
    purchase_order_number: input.purchase_order_number ?? null,
    payment_link_display: input.payment_link_display ?? null,
    reminders_enabled: input.reminders_enabled ?? true,
    reminder_policy: input.reminder_policy ?? null,
    metadata: input.metadata ?? {},
  };
}

/**
 * The checks a schedule passes before it is written: an end it can reach (and, once it has
 * issued, one that keeps what it issued), one way of setting the due date, an email to send
 * to, and a template that prices as the period it issues next (the runner's own draftRow).
 */
function checkSchedule(
  ctx: InvoiceContext,
  s: InvoiceSchedule,
  accountRow: AccountRow,
  customer: Customer,
  options: { alreadyIssued?: number; checkInvoice?: boolean } = {},
): void {
  const cadence = cadenceOf(s);
  assertEnd(cadence, s.end);
  const count = periodCount(cadence, s.end);
  if (options.alreadyIssued !== undefined && count !== null && count < options.alreadyIssued) {
    const param = s.end !== null && "after_count" in s.end ? "end.after_count" : "end.on_date";
    throw new DomainError(param, `${param} would end the schedule before the ${options.alreadyIssued} periods it has already gone through.`);
  }
  if (s.days_until_due !== null && s.payment_terms !== null)
    throw new DomainError("payment_terms", "Give days_until_due or payment_terms, not both: each sets the due date.");
  if (options.checkInvoice === false) return;
  if (s.issue === "send" && !customer.email)
    throw new DomainError("issue", `issue "send" emails each invoice, and customer '${customer.id}' has no email address; add one or use "finalize".`);
  const n = upcomingPeriod(s, ctx.now()) ?? s.next_period;
  const { invoice } = periodDraftPreview(ctx, s, n, accountRow, customer);
  // What finalize refuses (src/services/invoices/transitions.ts) would leave every period a draft.
  if (s.issue !== "draft") {
    if (invoice.total_amount < 0)
      throw new DomainError("line_items", `An invoice cannot total less than zero, so issue "${s.issue}" could not finalize it; use "draft".`);
    if (customer.e_invoicing === "required") assertEInvoiceable({ kind: "invoice", invoice, account: toAccount(accountRow) });
  }
}

/**
 * Refuses a new schedule that could never issue as asked: every period of its end already gone
 * by (without backfill it would complete at once, having issued nothing), or a first invoice
 * billing a period past the dates the API accepts (and the next period's alarm past what
 * alarms accept).
 */
function checkReachable(s: InvoiceSchedule, now: Date): void {
  const n = upcomingPeriod(s, now);
  if (n === null) {
    const param = s.end !== null && "after_count" in s.end ? "end.after_count" : "end.on_date";
    throw new DomainError(
      param,
      `Every period up to ${param} has already gone by, and without backfill none of them is issued; the schedule would issue nothing.`,
    );
  }
  const { end_inclusive } = period(cadenceOf(s), n);
  if (!isDateInRange(end_inclusive)) {
    const param = s.interval_count > 1 ? "interval_count" : "start_date";
    throw new DomainError(param, `The first invoice would bill a period ending ${end_inclusive}; billing periods must end ${DATE_RANGE_TEXT}.`);
  }
}

/** The fields of a patch that were given (undefined means "leave it"). */
const defined = (patch: ScheduleTemplateInput): Partial<InvoiceSchedule> =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<InvoiceSchedule>;
