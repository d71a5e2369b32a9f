/*
 * What the work queue (wrangler.toml [[queues]], binding TASKS) carries. Each message names
 * work whose truth is in D1, never the work's data: a duplicate or a stale message finds the
 * row already done (or held) and does nothing, and a lost one is found again by the sweep
 * (src/services/events/sweep.ts).
 */
export type TaskMessage =
  /** Turn the account's undispatched events into deliveries, one per subscribed endpoint. */
  | { kind: "dispatch"; account_id: string }
  /** Make the next attempt of one webhook delivery. */
  | { kind: "deliver"; account_id: string; delivery_id: string }
  /** Re-arm the reminder alarms of a page of the account's open invoices, then queue the next page. */
  | { kind: "resync"; account_id: string; after?: string };

export type TaskQueue = Queue<TaskMessage>;

/** Queues accept at most 100 messages a sendBatch. */
export const SEND_BATCH_LIMIT = 100;

export async function sendTasks(queue: TaskQueue, tasks: { body: TaskMessage; delaySeconds?: number }[]): Promise<void> {
  for (let i = 0; i < tasks.length; i += SEND_BATCH_LIMIT) await queue.sendBatch(tasks.slice(i, i + SEND_BATCH_LIMIT));
}
