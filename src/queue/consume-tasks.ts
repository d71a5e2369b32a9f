import { buildServices, type Services, type ServicesEnv } from "../services/services";
import { failPendingDelivery } from "../db/webhook-delivery-queries";
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

/** The error a dead-lettered delivery is failed with: the receiver was never the problem, we were. */
export const DEAD_DELIVERY_ERROR = "delivery processing failed repeatedly";

/**
 * Messages that failed every retry: logged loudly, so an operator sees what a bug stopped. A
 * dead delivery is failed, or the sweep would find it pending and queue it again, forever.
 */
export async function consumeDeadTasks(batch: MessageBatch<TaskMessage>, env: TaskEnv): Promise<void> {
  const services = buildServices(env);
  for (const message of batch.messages) {
    const task = message.body;
    console.error(JSON.stringify({ level: "error", message: "task dead-lettered", task, attempts: message.attempts }));
    try {
      if (task.kind === "deliver") await failPendingDelivery(services.db, task.account_id, task.delivery_id, DEAD_DELIVERY_ERROR, services.now().toISOString());
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "dead task not recorded", task, error: String(err) }));
      message.retry();
    }
  }
}
