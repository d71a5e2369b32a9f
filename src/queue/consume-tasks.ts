import { buildServices, type Services, type ServicesEnv } from "../services/services";
import { postponeDelivery } from "../db/webhook-delivery-queries";
import { deliverWebhook } from "../services/events/deliver-webhook";
import { dispatchEvents } from "../services/events/dispatch-events";
import { resyncAccountPage } from "../services/reminders/resync-account";
import type { TaskMessage } from "./messages";

/** What a task needs of the Worker's environment. */
export type TaskEnv = ServicesEnv;

/**
 * The consumer of the work queue. Each message is handled on its own: one that throws is
 * retried by the queue (a short backoff, then the dead-letter queue) without holding back the
 * rest of the batch. Dispatches of one account within a batch run once.
 */
export async function consumeTasks(batch: MessageBatch<TaskMessage>, env: TaskEnv): Promise<void> {
  const services = buildServices(env);
  const dispatched = new Set<string>();
  for (const message of batch.messages) {
    try {
      const task = message.body;
      if (task.kind === "dispatch") {
        if (!dispatched.has(task.account_id)) await dispatchEvents(services, task.account_id);
        dispatched.add(task.account_id);
      } else await handleTask(services, task);
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "task failed", task: message.body, attempts: message.attempts, error: String(err) }));
      message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  }
  // Tasks that acted for an account (a delivery that disabled its endpoint) may have written events.
  await services.outbox.flush();
}

async function handleTask(services: Services, task: Exclude<TaskMessage, { kind: "dispatch" }>): Promise<void> {
  switch (task.kind) {
    case "deliver":
      return deliverWebhook(services, task.account_id, task.delivery_id);
    case "resync":
      return resyncAccountPage(services, task.account_id, task.after);
  }
}

/**
 * How long a dead-lettered delivery waits before the sweep queues it again. Its message died of
 * our own failures (D1 or the Worker down through the queue's retries, about 90 s), never the
 * receiver's, so failing it would lose an event that was perhaps never sent; ten minutes lets an
 * outage pass without the sweep feeding it a message a minute.
 */
export const DEAD_DELIVERY_RETRY_MS = 10 * 60 * 1000;

/**
 * Messages that failed every retry: logged loudly, so an operator sees what an outage or a bug
 * stopped. A dead delivery stays pending, put off by DEAD_DELIVERY_RETRY_MS with its stale claim
 * released, for the sweep to retry; one that always crashes comes back here each time, and its
 * log is the alarm.
 */
export async function consumeDeadTasks(batch: MessageBatch<TaskMessage>, env: TaskEnv): Promise<void> {
  const services = buildServices(env);
  for (const message of batch.messages) {
    const task = message.body;
    const now = services.now();
    const retryAt = new Date(now.getTime() + DEAD_DELIVERY_RETRY_MS).toISOString();
    const retry = task.kind === "deliver" ? { retry_at: retryAt } : {};
    console.error(JSON.stringify({ level: "error", message: "task dead-lettered", task, attempts: message.attempts, ...retry }));
    try {
      if (task.kind === "deliver") await postponeDelivery(services.db, task.account_id, task.delivery_id, retryAt, now.toISOString());
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "dead task not recorded", task, error: String(err) }));
      message.retry();
    }
  }
}
