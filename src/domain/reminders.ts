import { addDays, overdueInstant } from "./dates";
import { canApply } from "./lifecycle";
import type { InvoiceStatus } from "./types";

/*
 * The reminder schedule, as pure functions of a policy, an invoice's facts and the time.
 *
 * A policy lists steps anchored on the send or the due date, then repeats every N days after
 * the last step, up to a maximum number of reminders. The slots it produces are instants:
 * - "sent" + N days: exactly N × 24 h after the invoice was (last) sent, so the seed's
 *   2024-01-20T12:00:00Z send gives 2024-01-27T12:00:00Z;
 * - "due" + N days (N may be negative or zero): 09:00 local time, in the account's time zone,
 *   on the due date shifted by N calendar days — a reminder lands in the morning, not at
 *   the midnight when the invoice turns overdue.
 * Repeats after the last step are whole multiples of 24 h.
 *
 * The next reminder is the first slot after the invoice was sent and at least
 * MIN_REMINDER_GAP after the previous reminder (manual ones included). A slot already past
 * is due now; several missed slots (reminders switched on late, an outage) collapse into one
 * reminder instead of a burst. Its index is the number of reminders sent so far, which is
 * what makes the delivery key `reminder:{invoice}:{index}` unique per step.
 */

import type { ReminderPolicy, ReminderStep } from "./reminder-policy";

export type { ReminderAnchor, ReminderPolicy, ReminderStep } from "./reminder-policy";

/** Seed 000: first reminder 7 days after sending, then weekly while unpaid, at most 5. */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  steps: [{ anchor: "sent", offset_days: 7 }],
  repeat_every_days: 7,
  max_reminders: 5,
};

/** Local time of day at which due-date-anchored reminders go out. */
export const DUE_REMINDER_LOCAL_HOUR = 9;
/** No two reminders closer than this, whatever the policy says (a manual one included). */
export const MIN_REMINDER_GAP_MS = 12 * 3_600_000;

const DAY_MS = 86_400_000;

export type ReminderFacts = {
  /** The last time the invoice itself was emailed; no reminder before it was sent. */
  sent_at: string | null;
  due_date: string;
  /** The account's IANA time zone. */
  time_zone: string;
  reminders_sent: number;
  /** When the latest reminder (scheduled or manual) left; null if none. */
  last_reminder_at: string | null;
};

export type NextReminder = { index: number; at: Date };

/** The policy in force: the invoice's own, else the account's, else the default. */
export function effectivePolicy(invoicePolicy: unknown, accountPolicy: unknown): ReminderPolicy {
  return asReminderPolicy(invoicePolicy) ?? asReminderPolicy(accountPolicy) ?? DEFAULT_REMINDER_POLICY;
}

/** A stored policy if it has the right shape; null otherwise (the API validates on the way in). */
export function asReminderPolicy(value: unknown): ReminderPolicy | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.steps) || typeof v.max_reminders !== "number") return null;
  if (v.repeat_every_days !== null && typeof v.repeat_every_days !== "number") return null;
  const stepsOk = v.steps.every((s) => s && typeof s === "object" && (s.anchor === "sent" || s.anchor === "due") && Number.isInteger(s.offset_days));
  return stepsOk ? (value as ReminderPolicy) : null;
}

/** 09:00 local on `date` in `timeZone`, correcting for a DST change between midnight and then. */
export function localMorning(date: string, timeZone: string, hour = DUE_REMINDER_LOCAL_HOUR): Date {
  const midnight = overdueInstant(addDays(date, -1), timeZone);
  let at = new Date(midnight.getTime() + hour * 3_600_000);
  for (let i = 0; i < 2; i++) {
    const drift = localMinutesOfDay(at, timeZone) - hour * 60;
    if (drift === 0) break;
    at = new Date(at.getTime() - drift * 60_000);
  }
  return at;
}

// Building a DateTimeFormat costs far more than using one; schedules ask for few zones.
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function localMinutesOfDay(instant: Date, timeZone: string): number {
  let format = clockFormats.get(timeZone);
  if (!format) clockFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "2-digit", minute: "2-digit" })));
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return get("hour") * 60 + get("minute");
}

function stepInstant(step: ReminderStep, facts: ReminderFacts, sentAt: number): number {
  if (step.anchor === "sent") return sentAt + step.offset_days * DAY_MS;
  return localMorning(addDays(facts.due_date, step.offset_days), facts.time_zone).getTime();
}

/** The first slot strictly after `after`, or null when the policy has none left. */
function firstSlot(policy: ReminderPolicy, facts: ReminderFacts, sentAt: number, after: number): number | null {
  const explicit = policy.steps.map((s) => stepInstant(s, facts, sentAt)).sort((a, b) => a - b);
  const found = explicit.find((t) => t > after);
  if (found !== undefined) return found;
  const last = explicit.at(-1);
  if (last === undefined || !policy.repeat_every_days || policy.repeat_every_days <= 0) return null;
  const every = policy.repeat_every_days * DAY_MS;
  return last + (Math.floor((after - last) / every) + 1) * every;
}

/**
 * The next reminder the policy calls for: its index (= reminders sent so far) and when it is
 * due, never earlier than `now` (a missed slot is due now). Null when the invoice was never
 * sent or the policy has no more reminders.
 */
export function nextStep(policy: ReminderPolicy, facts: ReminderFacts, now: Date): NextReminder | null {
  if (!facts.sent_at || facts.reminders_sent >= policy.max_reminders) return null;
  const sentAt = Date.parse(facts.sent_at);
  const lastReminder = facts.last_reminder_at ? Date.parse(facts.last_reminder_at) : Number.NEGATIVE_INFINITY;
  const after = Math.max(sentAt, lastReminder + MIN_REMINDER_GAP_MS - 1);
  const slot = firstSlot(policy, facts, sentAt, after);
  if (slot === null) return null;
  return { index: facts.reminders_sent, at: new Date(Math.max(slot, now.getTime())) };
}

export type ScheduleFacts = ReminderFacts & {
  status: InvoiceStatus;
  overdue_at: string | null;
  reminders_enabled: boolean;
  /** Whether the customer has an address a reminder could go to. */
  has_recipient: boolean;
  policy: ReminderPolicy;
};

/** Statuses that are still chased for payment. */
const REMINDABLE: InvoiceStatus[] = ["sent", "viewed", "overdue", "partially_paid"];

/** What the invoice's scheduler should wake up for next; null when it has nothing left to do. */
export type Wake = { at: Date; reminder: NextReminder | null; overdue_at: Date | null };

/**
 * The reminder (if reminders are on, the invoice is sent and unpaid, and the policy has one
 * left) and the overdue transition (if the invoice can still become overdue); the wake is the
 * earlier of the two, neither earlier than `now`.
 */
export function nextWake(facts: ScheduleFacts, now: Date): Wake | null {
  const reminder = facts.reminders_enabled && facts.has_recipient && REMINDABLE.includes(facts.status) ? nextStep(facts.policy, facts, now) : null;
  const overdue =
    !facts.overdue_at && canApply("mark_overdue", facts.status)
      ? new Date(Math.max(overdueInstant(facts.due_date, facts.time_zone).getTime(), now.getTime()))
      : null;
  const times = [reminder?.at, overdue].filter((t): t is Date => t instanceof Date);
  if (times.length === 0) return null;
  return { at: new Date(Math.min(...times.map((t) => t.getTime()))), reminder, overdue_at: overdue };
}

/** Backoff for a failed wake: 30 s doubling per consecutive failure, at most an hour. */
export function retryDelayMs(consecutiveFailures: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, consecutiveFailures - 1), 3_600_000);
}

/**
 * The next reminder's time once a send recorded at `sentAt` is counted: after a reminder, the
 * count and the last-reminder time move on; after the invoice itself, its send date does.
 * What deliverInvoiceEmail writes to next_reminder_at in the same batch as the send.
 */
export function reminderAfterSending(facts: ScheduleFacts, sentAt: string, kind: "invoice" | "reminder"): string | null {
  const after: ScheduleFacts =
    kind === "reminder"
      ? { ...facts, reminders_sent: facts.reminders_sent + 1, last_reminder_at: sentAt }
      : { ...facts, sent_at: sentAt, status: facts.status === "finalized" || facts.status === "draft" ? "sent" : facts.status };
  return nextWake(after, new Date(sentAt))?.reminder?.at.toISOString() ?? null;
}
