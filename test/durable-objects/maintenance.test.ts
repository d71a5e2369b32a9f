import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InvoiceScheduler } from "../../src/durable-objects/invoice-scheduler";
import worker from "../../src/index";
import { runMaintenance } from "../../src/services/maintenance/run-maintenance";
import { buildServices } from "../../src/services/services";
import { newAccount } from "../helpers/api";
import { RecordingMailer, TestClock, seedSentInvoice, stubFor } from "../helpers/scheduler";

describe("maintenance cron", () => {
  it("forgets Idempotency-Keys past their 24 hours and keeps the others", async () => {
    const { api, accountId } = await newAccount();
    await api.post("/v1/customers", { name: "Old" }, { "Idempotency-Key": "old" });
    await api.post("/v1/customers", { name: "New" }, { "Idempotency-Key": "new" });
    await env.DB.prepare("UPDATE idempotency_keys SET expires_at = '2000-01-01T00:00:00.000Z' WHERE account_id = ? AND key = 'old'").bind(accountId).run();

    const report = await runMaintenance(buildServices(env), new Date());
    expect(report.purged_idempotency_keys).toBe(1);
    const { results } = await env.DB.prepare("SELECT key FROM idempotency_keys WHERE account_id = ?").bind(accountId).all<{ key: string }>();
    expect(results.map((r) => r.key)).toEqual(["new"]);
  });

  it("re-arms an invoice whose alarm was lost, and runs from the worker's scheduled handler", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const { invoiceId } = await seedSentInvoice(clock, new RecordingMailer());
    // A lost alarm: the object has none, while D1 says a reminder was due long ago.
    await runInDurableObject(stubFor(invoiceId), async (_obj: InvoiceScheduler, state) => {
      await state.storage.deleteAlarm();
    });
    expect(await runInDurableObject(stubFor(invoiceId), (_obj: InvoiceScheduler, state) => state.storage.getAlarm())).toBeNull();

    await worker.scheduled({ scheduledTime: Date.now(), cron: "*/15 * * * *", noRetry() {} } as ScheduledController, env);
    expect(await runInDurableObject(stubFor(invoiceId), (_obj: InvoiceScheduler, state) => state.storage.getAlarm())).not.toBeNull();
  });
});
