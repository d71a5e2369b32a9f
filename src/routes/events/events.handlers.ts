import type { RouteHandler } from "@hono/zod-openapi";
import { readableEventObjects } from "../../auth/event-scopes";
import { findEvent, listEvents, toEvent } from "../../db/event-queries";
import { isEventType } from "../../domain/event-types";
import { DomainError, NotFoundError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { invalidRequest } from "../../errors";
import type { getEventRoute, listEventsRoute } from "./events.routes";

export const listEventsHandler: RouteHandler<typeof listEventsRoute, AppEnv> = async (c) => {
  const { type, ...query } = c.req.valid("query");
  const { ctx } = c.var;
  const types = type?.split(",").map((t) => t.trim());
  const unknown = types?.find((t) => !isEventType(t));
  if (unknown !== undefined) throw new DomainError("type", `'${unknown}' is not an event type; the types are listed in the Event schema.`);
  const page = await listEvents(ctx.db, ctx.accountId, { ...query, types, objectTypes: readableEventObjects(c.var.principal.scopes) });
  if (!page) throw invalidRequest(query.starting_after ? "starting_after" : "ending_before", "No such event to page from.");
  return c.json({ object: "list" as const, data: page.data.map(toEvent), has_more: page.has_more, url: "/v1/events" }, 200);
};

export const getEventHandler: RouteHandler<typeof getEventRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  // An event the key may not read is one it cannot tell from a missing one.
  const row = await findEvent(c.var.ctx.db, c.var.ctx.accountId, id, readableEventObjects(c.var.principal.scopes));
  if (!row) throw new NotFoundError("event", id);
  return c.json(toEvent(row), 200);
};
