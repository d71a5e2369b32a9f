import { and, eq, exists, sql } from "drizzle-orm";
import type { InvoiceSchedule } from "../domain/schedules/schedule";
import type { Db } from "./client";
import { eventInsert, type NewEvent } from "./event-writes";
import { invoiceSchedules } from "./schema";

export type ScheduleInsert = typeof invoiceSchedules.$inferInsert;

/** Who makes the change, as its event records it. */
type Who = Pick<NewEvent, "actor" | "requestId" | "idempotencyKey">;

/**
 * A change to a schedule, as columns (undefined: left as it is). Never its identity, its
 * calendar (every period is counted from it) or its version and stamps, which the write sets.
 */
export type ScheduleChange = Partial<
  Omit<
    ScheduleInsert,
    "id" | "accountId" | "customerId" | "interval" | "intervalCount" | "startDate" | "anchor" | "timeZone" | "issueTime" | "version" | "createdAt" | "updatedAt"
  >
>;

/** The columns of the invoice each period issues, and of how it ends: what PATCH may change. */
const TEMPLATE_COLUMNS = [
  "endAfterCount",
  "endOnDate",
  "backfill",
  "issue",
  "currency",
  "lineItems",
  "discount",
  "daysUntilDue",
  "paymentTerms",
  "memo",
  "notes",
  "purchaseOrderNumber",
  "paymentLinkDisplay",
  "remindersEnabled",
  "reminderPolicy",
  "metadata",
] as const satisfies (keyof ScheduleChange)[];

/** The template columns of a schedule's row, as a change. */
export const templateChange = (row: ScheduleInsert): ScheduleChange => Object.fromEntries(TEMPLATE_COLUMNS.map((c) => [c, row[c] ?? null]));

const subject = (id: string) => ({ type: "invoice_schedule", id }) as const;

/** A new schedule and its invoice_schedule.created event, in one batch. */
export async function insertSchedule(db: Db, row: ScheduleInsert & { id: string; accountId: string }, object: InvoiceSchedule, who: Who): Promise<void> {
  await db.batch([
    db.insert(invoiceSchedules).values(row),
    eventInsert(db, row.accountId, subject(row.id), { type: "invoice_schedule.created", object, ...who }, row.createdAt),
  ]);
}

/**
 * Applies a change to the schedule as read (its version), with the event that describes it,
 * in one batch. The event goes first, under the same condition as the update, so it lands
 * exactly when the change does; a concurrent change (the runner issuing a period bumps the
 * version too) makes it write nothing and answer false, and the caller reads again.
 */
export async function changeSchedule(
  db: Db,
  accountId: string,
  id: string,
  version: number,
  change: ScheduleChange,
  event: { type: string; object: InvoiceSchedule; detail?: Record<string, unknown> } & Who,
  now: string,
): Promise<boolean> {
  const asRead = and(eq(invoiceSchedules.id, id), eq(invoiceSchedules.accountId, accountId), eq(invoiceSchedules.version, version));
  const willApply = exists(db.select({ one: sql`1` }).from(invoiceSchedules).where(asRead));
  const [, updated] = await db.batch([
    eventInsert(db, accountId, subject(id), event, now, willApply),
    db
      .update(invoiceSchedules)
      // next_period only moves forward: the runner records skipped periods without a version bump.
      .set({
        ...change,
        ...(change.nextPeriod === undefined ? {} : { nextPeriod: sql`MAX(${invoiceSchedules.nextPeriod}, ${change.nextPeriod})` }),
        version: version + 1,
        updatedAt: now,
      })
      .where(asRead)
      .returning({ id: invoiceSchedules.id }),
  ]);
  return updated.length === 1;
}
