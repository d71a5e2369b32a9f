import { enabledEndpoints } from "../../db/dispatch-queries";
import { findEndpointRow } from "../../db/webhook-endpoint-queries";
import { findEvent } from "../../db/event-queries";
import { insertRedeliveries, type LoggedDelivery } from "../../db/webhook-delivery-log-queries";
import { DomainError, NotFoundError } from "../../domain/errors";
import { subscribesTo } from "../../domain/event-types";
import { sendTasks } from "../../queue/messages";
import type { InvoiceContext } from "../invoices/context";

/**
 * A fresh delivery of an event (delivered already or not) to the endpoint named, which must be
 * enabled, or else to every enabled endpoint subscribed to its type; each queued now. Answers
 * the deliveries made, pending.
 */
export async function redeliverEvent(ctx: InvoiceContext, eventId: string, endpointId?: string): Promise<LoggedDelivery[]> {
  const event = await findEvent(ctx.db, ctx.accountId, eventId);
  if (!event) throw new NotFoundError("event", eventId);
  let targets: string[];
  if (endpointId !== undefined) {
    const endpoint = await findEndpointRow(ctx.db, ctx.accountId, endpointId);
    if (!endpoint) throw new NotFoundError("webhook_endpoint", endpointId);
    if (endpoint.status !== "enabled")
      throw new DomainError(
        "endpoint_id",
        `The webhook endpoint ${endpointId} is disabled; enable it first (PATCH it with status enabled).`,
        "endpoint_disabled",
      );
    // Named explicitly, it gets the event whatever it subscribed to: the merchant asked for it.
    targets = [endpoint.id];
  } else {
    targets = (await enabledEndpoints(ctx.db, ctx.accountId)).filter((e) => subscribesTo(e.enabledEvents, event.type)).map((e) => e.id);
  }
  const rows = await insertRedeliveries(ctx.db, ctx.accountId, event.id, targets, ctx.now().toISOString());
  if (ctx.tasks && rows.length > 0) {
    // Committed already: a lost send only delays them until the sweep queues them.
    await sendTasks(
      ctx.tasks,
      rows.map((r) => ({ body: { kind: "deliver" as const, account_id: ctx.accountId, delivery_id: r.id } })),
    ).catch((err) => console.error(JSON.stringify({ level: "error", message: "redelivery not queued", event_id: event.id, error: String(err) })));
  }
  return rows.map((row) => ({ row, eventType: event.type, attempts: [] }));
}
