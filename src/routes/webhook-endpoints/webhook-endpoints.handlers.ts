import type { RouteHandler } from "@hono/zod-openapi";
import { deleteWebhookEndpoint, findWebhookEndpoint, listWebhookEndpoints } from "../../db/webhook-endpoint-queries";
import { MAX_WEBHOOK_ENDPOINTS } from "../../domain/webhook-endpoint";
import type { AppEnv } from "../../env";
import { ApiError, invalidRequest, notFound } from "../../errors";
import { createEndpoint, rotateEndpointSecret, updateEndpoint } from "../../services/webhooks/webhook-endpoints";
import type {
  createWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  getWebhookEndpointRoute,
  listWebhookEndpointsRoute,
  rotateWebhookEndpointSecretRoute,
  updateWebhookEndpointRoute,
} from "./webhook-endpoints.routes";

export const createWebhookEndpointHandler: RouteHandler<typeof createWebhookEndpointRoute, AppEnv> = async (c) => {
  const endpoint = await createEndpoint(c.var.ctx, c.req.valid("json"));
  if (endpoint === "limit_reached")
    throw new ApiError(
      "invalid_request_error",
      "webhook_endpoint_limit_reached",
      `An account can have at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; delete one, or subscribe an existing endpoint to more events.`,
    );
  c.set("responseHoldsSecret", true);
  return c.json(endpoint, 201);
};

export const listWebhookEndpointsHandler: RouteHandler<typeof listWebhookEndpointsRoute, AppEnv> = async (c) => {
  const query = c.req.valid("query");
  const page = await listWebhookEndpoints(c.get("db"), c.get("principal").accountId, query);
  if (!page) throw invalidRequest(query.starting_after ? "starting_after" : "ending_before", "No such webhook endpoint to page from.");
  return c.json({ object: "list" as const, ...page, url: "/v1/webhook_endpoints" }, 200);
};

export const getWebhookEndpointHandler: RouteHandler<typeof getWebhookEndpointRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const endpoint = await findWebhookEndpoint(c.get("db"), c.get("principal").accountId, id);
  if (!endpoint) throw notFound("webhook_endpoint", id);
  return c.json(endpoint, 200);
};

export const updateWebhookEndpointHandler: RouteHandler<typeof updateWebhookEndpointRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const endpoint = await updateEndpoint(c.var.ctx, id, c.req.valid("json"));
  if (!endpoint) throw notFound("webhook_endpoint", id);
  return c.json(endpoint, 200);
};

export const deleteWebhookEndpointHandler: RouteHandler<typeof deleteWebhookEndpointRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  if (!(await deleteWebhookEndpoint(c.get("db"), c.get("principal").accountId, id))) throw notFound("webhook_endpoint", id);
  return c.json({ id, object: "webhook_endpoint", deleted: true as const }, 200);
};

export const rotateWebhookEndpointSecretHandler: RouteHandler<typeof rotateWebhookEndpointSecretRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const endpoint = await rotateEndpointSecret(c.var.ctx, id);
  if (!endpoint) throw notFound("webhook_endpoint", id);
  c.set("responseHoldsSecret", true);
  return c.json(endpoint, 200);
};
