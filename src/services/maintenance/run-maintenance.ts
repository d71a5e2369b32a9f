import type { Db } from "../../db/client";
import { purgeExpiredIdempotencyKeys } from "../../db/idempotency-queries";
import { invoicesWithLateReminders } from "../../db/schedule-queries";
import type { Scheduler } from "../reminders/schedule";

// Bounded per run so a run always fits one invocation; a backlog drains over later runs.
const PURGE_BATCH = 1000;
const REPAIR_BATCH = 50;
// An alarm fires at its time; one this late was lost (a sync that failed after a commit).
const LOST_AFTER_MS = 60 * 60 * 1000;

export type MaintenanceReport = { purged_idempotency_keys: number; resynced_invoices: number };

/**
 * The cron's work: forget Idempotency-Keys past their 24 h, and re-arm invoices whose
 * reminder or overdue transition should have happened an hour ago but did not.
 */
export async function runMaintenance(services: { db: Db; scheduler?: Scheduler }, now: Date): Promise<MaintenanceReport> {
  const purged = await purgeExpiredIdempotencyKeys(services.db, now.toISOString(), PURGE_BATCH);
  const late = await invoicesWithLateReminders(services.db, new Date(now.getTime() - LOST_AFTER_MS).toISOString(), REPAIR_BATCH);
  const { scheduler } = services;
  const synced = scheduler ? await Promise.allSettled(late.map((r) => scheduler.sync(r.accountId, r.id))) : [];
  for (const [i, outcome] of synced.entries())
    if (outcome.status === "rejected")
      console.error(JSON.stringify({ level: "error", message: "maintenance resync failed", invoice_id: late[i]!.id, error: String(outcome.reason) }));

  return { purged_idempotency_keys: purged, resynced_invoices: synced.filter((s) => s.status === "fulfilled").length };
}
