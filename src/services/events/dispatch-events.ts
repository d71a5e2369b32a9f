import { type EndpointRow, enabledEndpoints, type PlannedDelivery, recordDispatch, undispatchedEvents } from "../../db/dispatch-queries";
import { subscribesTo } from "../../domain/event-types";
import { sendTasks } from "../../queue/messages";
import type { Services } from "../services";

/** Events turned into deliveries per round: one D1 batch, and at most a few hundred queue messages. */
const ROUND = 50;

/**
 * Turns the account's undispatched events into deliveries, one per enabled endpoint that
 * subscribed to the type and existed when the event happened, then queues an attempt for
 * each. Safe to run twice or concurrently (deliveries are unique per event and endpoint);
 * a crash after the batch leaves pending deliveries that the sweep queues.
 */
export async function dispatchEvents(services: Services, accountId: string): Promise<void> {
  let endpoints: EndpointRow[] | null = null;
  for (;;) {
    const batch = await undispatchedEvents(services.db, accountId, ROUND);
    if (batch.length === 0) return;
    endpoints ??= await enabledEndpoints(services.db, accountId);
    const planned: PlannedDelivery[] = batch.flatMap((event) =>
      endpoints!
        .filter((e) => e.createdAt <= event.createdAt && subscribesTo(e.enabledEvents, event.type))
        .map((e) => ({ eventId: event.id, endpointId: e.id })),
    );
    const created = await recordDispatch(
      services.db,
      accountId,
      batch.map((e) => e.id),
      planned,
      services.now().toISOString(),
    );
    if (services.tasks && created.length > 0)
      await sendTasks(
        services.tasks,
        created.map((delivery_id) => ({ body: { kind: "deliver" as const, account_id: accountId, delivery_id } })),
      );
    if (batch.length < ROUND) return;
  }
}
