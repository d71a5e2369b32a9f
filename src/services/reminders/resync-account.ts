import { openInvoiceIdsPage } from "../../db/schedule-queries";
import { sendTasks, type TaskQueue } from "../../queue/messages";
import type { Services } from "../services";
import { syncMany } from "./schedule";

/*
 * An account's default reminder policy and time zone place the alarm of every open invoice,
 * so changing either re-arms them all: one Durable Object call each. A Worker invocation may
 * make 1,000 subrequests (Workers Paid), so an account with 100,000 open invoices cannot be
 * re-armed in the request. The request queues the first page; each page re-arms its
 * invoices, then queues the page after it, until a short page ends the chain. An invoice
 * that is finalized behind the cursor mid-chain needs no page: its own change syncs it,
 * reading the account as it now is.
 */

/**
 * The queue consumer's invocation has that same budget for its whole batch, and a batch holds
 * up to 10 messages (wrangler.toml max_batch_size), any of which may be a page (several
 * accounts changing at once, a duplicate). A page costs one D1 read, one Durable Object call
 * per invoice and one send: 10 × (80 + 2) = 820, leaving 180 for the retries of failing syncs
 * (schedulerFrom tries an object up to 3 times) and the batch's other messages. A page that
 * overruns anyway fails its send of the next page and is retried whole, which is harmless.
 */
export const RESYNC_PAGE_SIZE = 80;

/**
 * The queue the re-sync runs on. Asked for before the account is updated: once the change is
 * committed a missing queue could only be logged, and the open invoices would keep alarms
 * armed for the old policy. Every deployment has the binding (wrangler.toml), so this is a
 * broken configuration, and the request fails before it changes anything.
 */
export function resyncQueue(services: Pick<Services, "tasks">): TaskQueue {
  if (!services.tasks) throw new Error("The TASKS queue binding is missing (wrangler.toml [[queues.producers]]): open invoices could not be re-armed.");
  return services.tasks;
}

/**
 * Queues the first page of the account's re-sync, after the change that calls for it was
 * committed. A failed send is logged, not thrown: the change happened, and a 5xx would invite
 * a retry of it. The alarms then stay as they were until they fire, when each object re-reads
 * D1 and arms for the new schedule (a reminder the change brought forward comes late).
 */
export async function queueAccountResync(tasks: TaskQueue, accountId: string): Promise<void> {
  try {
    await sendTasks(tasks, [{ body: { kind: "resync", account_id: accountId } }]);
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "account re-sync not queued", account_id: accountId, error: String(err) }));
  }
}

/**
 * Re-arms one page of the account's open invoices (those after the invoice `after`), then, if
 * the page was full, queues the next. An invoice that cannot be re-armed is logged and
 * skipped, as after any committed change (syncAfterCommit): a retry of the page would fail on
 * it again and, dead-lettered, end the chain for the invoices after it. A duplicate message
 * only syncs the same invoices again.
 */
export async function resyncAccountPage(
  services: Pick<Services, "db" | "scheduler" | "tasks">,
  accountId: string,
  after?: string,
  pageSize = RESYNC_PAGE_SIZE,
): Promise<void> {
  const { scheduler } = services;
  if (!scheduler) throw new Error("resyncAccountPage needs a scheduler");
  const tasks = resyncQueue(services);
  const ids = await openInvoiceIdsPage(services.db, accountId, after, pageSize);
  await syncMany(scheduler, accountId, ids);
  if (ids.length === pageSize) await sendTasks(tasks, [{ body: { kind: "resync", account_id: accountId, after: ids.at(-1) } }]);
}
