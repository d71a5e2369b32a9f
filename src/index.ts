import { app } from "./app";
import { ensureMigrated } from "./db/migrate";
import { runMaintenance } from "./services/maintenance/run-maintenance";
import { buildServices } from "./services/services";

export { InvoiceScheduler } from "./durable-objects/invoice-scheduler";

export default {
  fetch: app.fetch,
  /** wrangler.toml [triggers]: housekeeping that no request would otherwise do. */
  async scheduled(controller, env) {
    await ensureMigrated(env.DB);
    const report = await runMaintenance(buildServices(env), new Date(controller.scheduledTime));
    console.log(JSON.stringify({ level: "info", message: "maintenance", ...report }));
  },
} satisfies ExportedHandler<CloudflareBindings>;
