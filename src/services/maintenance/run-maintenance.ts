import type { Db } from "../../db/client";
import { purgeExpiredIdempotencyKeys } from "../../db/idempotency-queries";
import { invoicesWithLateReminders } from "../../db/schedule-queries";
import { schedulesWithLostAlarms } from "../../db/invoice-schedule-queries";
import type { Scheduler } from "../reminders/schedule";
import type { ScheduleRunner } from "../schedules/runner-client";

// Bounded per run so a run always fits one invocation; a backlog drains over later runs.
const PURGE_BATCH = 1000;
const REPAIR_BATCH = 50;
// An alarm fires at its time; one this late was lost (a sync that failed after a commit).
const LOST_AFTER_MS = 60 * 60 * 1000;
// A schedule's next issue this far past with the schedule still waiting for it: its alarm was
// lost. One sweep interval, well inside the catch-up rule's grace (src/domain/schedules/catch-up.ts),
// so a period whose alarm alone was lost is still issued, late, backfill or not.
const SCHEDULE_LOST_AFTER_MS = 15 * 60 * 1000;

export type MaintenanceReport = { purged_idempotency_keys: number; resynced_invoices: number; resynced_schedules: number };

/**
 * The cron's work: forget Idempotency-Keys past their 24 h, re-arm invoices whose reminder or
 * overdue transition should have happened an hour ago but did not, and re-arm schedules whose
 * next period should have been issued a sweep ago.
 */
export async function runMaintenance(services: { db: Db; scheduler?: Scheduler; scheduleRunner?: ScheduleRunner }, now: Date): Promise<MaintenanceReport> {
  const purged = await purgeExpiredIdempotencyKeys(services.db, now.toISOString(), PURGE_BATCH);
  const late = await invoicesWithLateReminders(services.db, new Date(now.getTime() - LOST_AFTER_MS).toISOString(), REPAIR_BATCH);
  const { scheduler } = services;
  const synced = scheduler ? await Promise.allSettled(late.map((r) => scheduler.sync(r.accountId, r.id))) : [];
  for (const [i, outcome] of synced.entries())
    if (outcome.status === "rejected")
      console.error(JSON.stringify({ level: "error", message: "maintenance resync failed", invoice_id: late[i]!.id, error: String(outcome.reason) }));

  const lostSchedules = await schedulesWithLostAlarms(services.db, new Date(now.getTime() - SCHEDULE_LOST_AFTER_MS).toISOString(), REPAIR_BATCH);
  const { scheduleRunner } = services;
  const rearmed = scheduleRunner ? await Promise.allSettled(lostSchedules.map((r) => scheduleRunner.sync(r.accountId, r.id))) : [];
  for (const [i, outcome] of rearmed.entries())
    if (outcome.status === "rejected")
      console.error(
        JSON.stringify({ level: "error", message: "maintenance schedule resync failed", schedule_id: lostSchedules[i]!.id, error: String(outcome.reason) }),
      );

  return {
    purged_idempotency_keys: purged,
    resynced_invoices: synced.filter((s) => s.status === "fulfilled").length,
    resynced_schedules: rearmed.filter((s) => s.status === "fulfilled").length,
  };
}
