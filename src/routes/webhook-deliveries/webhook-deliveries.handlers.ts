import type { RouteHandler } from "@hono/zod-openapi";
import { findEndpointRow } from "../../db/webhook-endpoint-queries";
import { listEndpointDeliveries, toWebhookDelivery } from "../../db/webhook-delivery-log-queries";
import { NotFoundError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { invalidRequest } from "../../errors";
import { redeliverEvent } from "../../services/events/redeliver-event";
import type { listDeliveriesRoute, redeliverRoute } from "./webhook-deliveries.routes";

export const listDeliveriesHandler: RouteHandler<typeof listDeliveriesRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const query = c.req.valid("query");
  const { ctx } = c.var;
  if (!(await findEndpointRow(ctx.db, ctx.accountId, id))) throw new NotFoundError("webhook_endpoint", id);
  const page = await listEndpointDeliveries(ctx.db, ctx.accountId, id, query);
  if (!page) throw invalidRequest(query.starting_after ? "starting_after" : "ending_before", "No such delivery of this endpoint to page from.");
  return c.json(
    { object: "list" as const, data: page.data.map(toWebhookDelivery), has_more: page.has_more, url: `/v1/webhook_endpoints/${id}/deliveries` },
    200,
  );
};

export const redeliverHandler: RouteHandler<typeof redeliverRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const body = (await c.req.text()) ? c.req.valid("json") : {};
  const created = await redeliverEvent(c.var.ctx, id, body?.endpoint_id);
  return c.json({ object: "list" as const, data: created.map(toWebhookDelivery) }, 202);
};
