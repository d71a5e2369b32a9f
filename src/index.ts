import { app } from "./app";
import { ensureMigrated } from "./db/migrate";
import type { TaskMessage } from "./queue/messages";
import { consumeDeadTasks, consumeTasks } from "./queue/consume-tasks";
import { sweepOutbox } from "./services/events/sweep";
import { runMaintenance } from "./services/maintenance/run-maintenance";
import { buildServices } from "./services/services";

export { InvoiceScheduler } from "./durable-objects/invoice-scheduler";
export { ScheduleRunner } from "./durable-objects/schedule-runner";

/** wrangler.toml [[queues.consumers]]. */
const DEAD_LETTER_QUEUE = "invoicing-tasks-dead";
/** wrangler.toml [triggers]: the every-minute one sweeps the outbox; the other is housekeeping. */
const SWEEP_CRON = "* * * * *";

export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    await ensureMigrated(env.DB);
    const services = buildServices(env);
    const at = new Date(controller.scheduledTime);
    const report =
      controller.cron === SWEEP_CRON
        ? { task: "sweep", ...(await sweepOutbox(services, at)) }
        : { task: "maintenance", ...(await runMaintenance(services, at)) };
    console.log(JSON.stringify({ level: "info", message: "scheduled", ...report }));
  },
  async queue(batch, env) {
    await ensureMigrated(env.DB);
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadTasks(batch, env);
    else await consumeTasks(batch, env);
  },
} satisfies ExportedHandler<CloudflareBindings, TaskMessage>;
