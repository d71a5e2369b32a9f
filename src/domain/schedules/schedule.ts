import { addDays, dateInZone } from "../dates";
import type { ReminderPolicy } from "../reminders";
import type { LineInput } from "../totals";
import type { Discount, PaymentLinkDisplay } from "../types";
import { firstPeriodFor, type IssueState, nextIssueAt, nextPeriod, periodsDue } from "./catch-up";
import { type End, isLastPeriod, periodExists } from "./end-conditions";
import { issueInstant } from "./issue-instant";
import { type Anchor, type Cadence, type Interval, type Period, period } from "./periods";
import { fillPlaceholders } from "./placeholders";

export const SCHEDULE_STATUSES = ["active", "paused", "canceled", "completed"] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

/** How far a period's invoice is taken: left a draft, finalized (numbered), or finalized and emailed. */
export const ISSUE_MODES = ["draft", "finalize", "send"] as const;
export type IssueMode = (typeof ISSUE_MODES)[number];

/** The invoice every period issues, before its placeholders are filled. */
export type InvoiceTemplate = {
  currency: string;
  line_items: LineInput[];
  discount: Discount | null;
  days_until_due: number | null;
  payment_terms: string | null;
  memo: string | null;
  notes: string | null;
  purchase_order_number: string | null;
  payment_link_display: PaymentLinkDisplay | null;
  reminders_enabled: boolean;
  reminder_policy: ReminderPolicy | null;
  metadata: Record<string, string>;
};

/** An invoice schedule as the API returns it. */
export type InvoiceSchedule = InvoiceTemplate & {
  id: string;
  object: "invoice_schedule";
  customer_id: string;
  status: ScheduleStatus;
  interval: Interval;
  interval_count: number;
  start_date: string;
  /** Which day monthly and yearly periods start on: start_date's (clamped), or the month's last. */
  anchor: Anchor;
  time_zone: string;
  issue_time: string;
  end: End;
  backfill: boolean;
  issue: IssueMode;
  /** The first period neither issued nor skipped (0 is the period starting on start_date). */
  next_period: number;
  issued_count: number;
  /** When the next period is issued; null once paused, canceled or completed. */
  next_issue_at: string | null;
  last_issued_at: string | null;
  active_since: string;
  paused_at: string | null;
  canceled_at: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
};

export const cadenceOf = (s: Pick<InvoiceSchedule, "interval" | "interval_count" | "start_date" | "time_zone" | "anchor">): Cadence => ({
  interval: s.interval,
  interval_count: s.interval_count,
  start_date: s.start_date,
  time_zone: s.time_zone,
  anchor: s.anchor,
});

/** The schedule's progress as the catch-up rule reads it; `owedThrough` is the runner's to add. */
export const issueStateOf = (s: InvoiceSchedule, owedThrough: number | null = null): IssueState => ({
  nextPeriod: s.next_period,
  backfill: s.backfill,
  activeSince: new Date(s.active_since),
  owedThrough,
  localTime: s.issue_time,
});

/** When the schedule issues next, as `next_issue_at` shows it: null unless active. */
export function scheduleNextIssueAt(s: InvoiceSchedule, now: Date, owedThrough: number | null = null): string | null {
  if (s.status !== "active") return null;
  return nextIssueAt(cadenceOf(s), s.end, { ...issueStateOf(s, owedThrough), now })?.toISOString() ?? null;
}

/** What to do now: the periods to issue, and the first period left afterwards (skipped ones counted). */
export function duePeriods(s: InvoiceSchedule, now: Date, owedThrough: number | null, limit?: number) {
  if (s.status !== "active") return { periods: [], skipThrough: null, truncated: false };
  return periodsDue(cadenceOf(s), s.end, { ...issueStateOf(s, owedThrough), now, limit });
}

export const isFinalPeriod = (s: InvoiceSchedule, n: number) => isLastPeriod(cadenceOf(s), s.end, n);

/** One period's invoice, as the schedule makes it: dates from the period, placeholders filled in the customer's locale. */
export type PeriodInvoice = {
  period: number;
  billing_period: Period;
  issue_date: string;
  due_date: string | null;
  payment_terms: string | null;
  line_items: LineInput[];
  memo: string | null;
  notes: string | null;
};

/**
 * Period n's invoice fields. Issued `at` (the period's issue instant, or later when late): the
 * issue date is that day in the schedule's zone, and the due date follows days_until_due, else
 * the payment terms (the account's default when the schedule names none: the caller's to apply).
 */
export function periodInvoice(s: InvoiceSchedule, n: number, at: Date, locale: string): PeriodInvoice {
  const billing_period = period(cadenceOf(s), n);
  const fill = (text: string) => fillPlaceholders(text, { period: billing_period, locale });
  const issue_date = dateInZone(at, s.time_zone);
  return {
    period: n,
    billing_period,
    issue_date,
    due_date: s.days_until_due === null ? null : addDays(issue_date, s.days_until_due),
    payment_terms: s.days_until_due === null ? s.payment_terms : null,
    line_items: s.line_items.map((line) => ({ ...line, description: fill(line.description) })),
    memo: s.memo === null ? null : fill(s.memo),
    notes: s.notes === null ? null : fill(s.notes),
  };
}

/** The instant period n is issued on time. */
export const periodIssueInstant = (s: InvoiceSchedule, n: number) => issueInstant(cadenceOf(s), n, s.issue_time);

/**
 * The period resuming at `now` makes next: the first one issued at or after it, so nothing
 * of the pause is issued, backfill or not.
 */
export const resumedPeriod = (s: InvoiceSchedule, now: Date) => firstPeriodFor(cadenceOf(s), now, { resumingFrom: s.next_period }, s.issue_time);

/**
 * The period the schedule issues next, as GET …/upcoming previews it: for a paused schedule,
 * the one resuming now would issue. Null when it will issue none (canceled, completed, or its
 * end reached).
 */
export function upcomingPeriod(s: InvoiceSchedule, now: Date): number | null {
  const cadence = cadenceOf(s);
  if (s.status === "paused") {
    const n = resumedPeriod(s, now);
    return periodExists(cadence, s.end, n) ? n : null;
  }
  if (s.status !== "active") return null;
  return nextPeriod(cadence, s.end, { ...issueStateOf(s), now });
}
