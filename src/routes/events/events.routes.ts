import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonResponse } from "../../openapi/responses";
import { EventListSchema, EventSchema, ListEventsQuery } from "./events.schemas";

const read = [requireScope("invoices:read")];

export const listEventsRoute = createRoute({
  method: "get",
  path: "/events",
  tags: ["Events"],
  summary: "Every change to the account's objects, newest first: the feed webhooks deliver, to replay from",
  middleware: read,
  request: { query: ListEventsQuery },
  responses: { 200: jsonResponse(EventListSchema, "Events, newest first."), ...errorResponses },
});

export const getEventRoute = createRoute({
  method: "get",
  path: "/events/{id}",
  tags: ["Events"],
  summary: "One event",
  middleware: read,
  request: { params: idParam("Event", "evt_0mhz3k2a10001a1b2c3d4e5") },
  responses: { 200: jsonResponse(EventSchema, "The event."), ...errorResponses },
});
