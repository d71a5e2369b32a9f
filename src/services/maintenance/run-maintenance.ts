import { schedulerFrom } from "../reminders/schedule";

type MaintenanceEnv = { DB: D1Database; INVOICE_SCHEDULER: DurableObjectNamespace };

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
export async function runMaintenance(env: MaintenanceEnv, now: Date): Promise<MaintenanceReport> {
  const purge = await env.DB.prepare("DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE expires_at < ? LIMIT ?)")
    .bind(now.toISOString(), PURGE_BATCH)
    .run();

  const lostBefore = new Date(now.getTime() - LOST_AFTER_MS);
  const { results } = await env.DB.prepare(
    `SELECT account_id, id FROM invoices
     WHERE next_reminder_at IS NOT NULL AND next_reminder_at < ? AND reminders_enabled = 1
       AND status IN ('finalized', 'sent', 'viewed', 'overdue', 'partially_paid')
     LIMIT ?`,
  )
    .bind(lostBefore.toISOString(), REPAIR_BATCH)
    .all<{ account_id: string; id: string }>();
  const scheduler = schedulerFrom(env);
  const synced = await Promise.allSettled(results.map((r) => scheduler.sync(r.account_id, r.id)));
  for (const [i, outcome] of synced.entries())
    if (outcome.status === "rejected")
      console.error(JSON.stringify({ level: "error", message: "maintenance resync failed", invoice_id: results[i]!.id, error: String(outcome.reason) }));

  return { purged_idempotency_keys: purge.meta.changes, resynced_invoices: synced.filter((s) => s.status === "fulfilled").length };
}
