import { accountsWithUndispatchedEvents, strandedDeliveries } from "../../db/dispatch-queries";
import { sendTasks } from "../../queue/messages";
import type { Services } from "../services";

const LIMIT = 500;

/**
 * Finds what a Worker that died between a commit and its queue message left behind (events
 * never dispatched, deliveries whose attempt message was lost) and queues it again. Run every
 * minute by the cron (src/index.ts); a message sent twice is harmless (src/queue/messages.ts).
 */
export async function sweepOutbox(services: Services, at: Date): Promise<{ accounts: number; deliveries: number }> {
  if (!services.tasks) return { accounts: 0, deliveries: 0 };
  // Older than the grace, an undispatched event or an unclaimed due delivery lost its message.
  const before = new Date(at.getTime() - services.outboxGraceMs).toISOString();
  const accounts = await accountsWithUndispatchedEvents(services.db, before, LIMIT);
  const deliveries = await strandedDeliveries(services.db, before, at.toISOString(), LIMIT);
  await sendTasks(services.tasks, [
    ...accounts.map((account_id) => ({ body: { kind: "dispatch" as const, account_id } })),
    ...deliveries.map((d) => ({ body: { kind: "deliver" as const, account_id: d.accountId, delivery_id: d.id } })),
  ]);
  return { accounts: accounts.length, deliveries: deliveries.length };
}
