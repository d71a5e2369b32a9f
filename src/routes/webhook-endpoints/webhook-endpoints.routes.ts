import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { DeletedSchema } from "../../openapi/common-schemas";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../openapi/responses";
import { MAX_WEBHOOK_ENDPOINTS } from "../../domain/webhook-endpoint";
import {
  CreateWebhookEndpointSchema,
  ListWebhookEndpointsQuery,
  UpdateWebhookEndpointSchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from "./webhook-endpoints.schemas";

// Reads need the write scope too: an endpoint's URL and subscriptions say where the account's
// data goes, which a read-only key (a dashboard, a reporting job) has no business seeing.
const webhooksWrite = [requireScope("webhooks:write")];
const params = idParam("Webhook endpoint", "whe_5Rk2");
const tags = ["Webhook endpoints"];

export const createWebhookEndpointRoute = createRoute({
  method: "post",
  path: "/webhook_endpoints",
  tags,
  summary: "Create a webhook endpoint (its signing secret is shown once)",
  description: `At most ${MAX_WEBHOOK_ENDPOINTS} endpoints per account. The URL must be public https. With an Idempotency-Key, a repeat of a request that was answered gets 409 secret_not_replayed (the secret is not stored with the answer); one whose answer was lost gets the endpoint it made. After the key's 24 hours the key starts a new endpoint.`,
  middleware: webhooksWrite,
  request: { body: jsonBody(CreateWebhookEndpointSchema) },
  responses: { 201: jsonResponse(WebhookEndpointWithSecretSchema, "The endpoint, with its secret."), ...errorResponses },
});

export const listWebhookEndpointsRoute = createRoute({
  method: "get",
  path: "/webhook_endpoints",
  tags,
  summary: "List webhook endpoints, newest first (never their secrets)",
  middleware: webhooksWrite,
  request: { query: ListWebhookEndpointsQuery },
  responses: { 200: jsonResponse(WebhookEndpointListSchema, "A page of endpoints."), ...errorResponses },
});

export const getWebhookEndpointRoute = createRoute({
  method: "get",
  path: "/webhook_endpoints/{id}",
  tags,
  summary: "Retrieve a webhook endpoint (never its secret)",
  middleware: webhooksWrite,
  request: { params },
  responses: { 200: jsonResponse(WebhookEndpointSchema, "The endpoint."), ...errorResponses },
});

export const updateWebhookEndpointRoute = createRoute({
  method: "patch",
  path: "/webhook_endpoints/{id}",
  tags,
  summary: 'Update a webhook endpoint (metadata merges; a key set to "" is removed)',
  description: "status enabled resumes deliveries after the system or a merchant disabled the endpoint, and restarts its failure count; so does a new url.",
  middleware: webhooksWrite,
  request: { params, body: jsonBody(UpdateWebhookEndpointSchema) },
  responses: { 200: jsonResponse(WebhookEndpointSchema, "The endpoint."), ...errorResponses },
});

export const deleteWebhookEndpointRoute = createRoute({
  method: "delete",
  path: "/webhook_endpoints/{id}",
  tags,
  summary: "Delete a webhook endpoint; deliveries still pending for it are not sent",
  middleware: webhooksWrite,
  request: { params },
  responses: { 200: jsonResponse(DeletedSchema, "Deleted."), ...errorResponses },
});

export const rotateWebhookEndpointSecretRoute = createRoute({
  method: "post",
  path: "/webhook_endpoints/{id}/rotate_secret",
  tags,
  summary: "Rotate the signing secret (the new one is shown once)",
  description:
    "Deliveries carry signatures by both the new and the previous secret for 24 hours (secret_rotation.previous_expires_at), so a receiver can switch without missing any. Rotating again within those 24 hours replaces the previous secret with the current one: the secret before it stops signing at once.",
  middleware: webhooksWrite,
  request: { params },
  responses: { 200: jsonResponse(WebhookEndpointWithSecretSchema, "The endpoint, with its new secret."), ...errorResponses },
});
