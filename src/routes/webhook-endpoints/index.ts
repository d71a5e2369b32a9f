import { createRouter } from "../../openapi/router";
import {
  createWebhookEndpointHandler,
  deleteWebhookEndpointHandler,
  getWebhookEndpointHandler,
  listWebhookEndpointsHandler,
  rotateWebhookEndpointSecretHandler,
  updateWebhookEndpointHandler,
} from "./webhook-endpoints.handlers";
import {
  createWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  getWebhookEndpointRoute,
  listWebhookEndpointsRoute,
  rotateWebhookEndpointSecretRoute,
  updateWebhookEndpointRoute,
} from "./webhook-endpoints.routes";

export const webhookEndpointRoutes = createRouter()
  .openapi(createWebhookEndpointRoute, createWebhookEndpointHandler)
  .openapi(listWebhookEndpointsRoute, listWebhookEndpointsHandler)
  .openapi(getWebhookEndpointRoute, getWebhookEndpointHandler)
  .openapi(updateWebhookEndpointRoute, updateWebhookEndpointHandler)
  .openapi(deleteWebhookEndpointRoute, deleteWebhookEndpointHandler)
  .openapi(rotateWebhookEndpointSecretRoute, rotateWebhookEndpointSecretHandler);
