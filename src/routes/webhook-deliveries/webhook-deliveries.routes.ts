import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonResponse } from "../../openapi/responses";
import { ListDeliveriesQuery, RedeliverSchema, RedeliveriesSchema, WebhookDeliveryListSchema } from "./webhook-deliveries.schemas";

const write = [requireScope("webhooks:write")];

export const listDeliveriesRoute = createRoute({
  method: "get",
  path: "/webhook_endpoints/{id}/deliveries",
  tags: ["Webhook endpoints"],
  summary: "The endpoint's deliveries, newest first, with every attempt: what was sent and what the receiver answered",
  middleware: write,
  request: { params: idParam("Webhook endpoint", "we_4qQpXb0fV8n2a1Zc9Lk3mT"), query: ListDeliveriesQuery },
  responses: { 200: jsonResponse(WebhookDeliveryListSchema, "Deliveries, newest first."), ...errorResponses },
});

export const redeliverRoute = createRoute({
  method: "post",
  path: "/events/{id}/redeliver",
  tags: ["Events"],
  summary: "Send an event again, as a new delivery, to one endpoint or to every enabled endpoint subscribed to its type",
  description:
    "Also for an event already delivered. Each delivery carries the event's id as `webhook-id`, the same as the first, so a receiver that deduplicates by it sees a repeat. Answers 202: the deliveries are queued, not yet made.",
  middleware: write,
  request: {
    params: idParam("Event", "evt_0mhz3k2a10001a1b2c3d4e5"),
    body: { required: false, content: { "application/json": { schema: RedeliverSchema } } },
  },
  responses: { 202: jsonResponse(RedeliveriesSchema, "The deliveries created, pending."), ...errorResponses },
});
