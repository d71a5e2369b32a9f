import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonResponse } from "../../openapi/responses";
import { EventListSchema, EventSchema, ListEventsQuery } from "./events.schemas";

const read = [requireScope("invoices:read")];

// An event carries its object in full, so the feed shows a key only what the object's own routes would.
const visibility =
  "A key sees the events of the objects its scopes read: invoice events with invoices:read, customer events with customers:read, webhook_endpoint events with webhooks:write; the others are left out";

export const listEventsRoute = createRoute({
  method: "get",
  path: "/events",
  tags: ["Events"],
  summary: "Every change to the account's objects, newest first: the feed webhooks deliver, to replay from",
  description: `${visibility} (a type filter naming only hidden types finds nothing).`,
  middleware: read,
  request: { query: ListEventsQuery },
  responses: { 200: jsonResponse(EventListSchema, "Events, newest first."), ...errorResponses },
});

export const getEventRoute = createRoute({
  method: "get",
  path: "/events/{id}",
  tags: ["Events"],
  summary: "One event",
  description: `${visibility}: an event the key may not read is a 404, as a missing one is.`,
  middleware: read,
  request: { params: idParam("Event", "evt_0mhz3k2a10001a1b2c3d4e5") },
  responses: { 200: jsonResponse(EventSchema, "The event."), ...errorResponses },
});
