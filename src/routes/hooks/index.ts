import { createRouter } from "../../openapi/router";
import { accountHookHandler, stripeHookHandler } from "./hooks.handlers";
import { accountHookRoute, stripeHookRoute } from "./hooks.routes";
import { getWebhookSecretHandler, rotateWebhookSecretHandler } from "./webhook-secret.handlers";
import { getWebhookSecretRoute, rotateWebhookSecretRoute } from "./webhook-secret.routes";

/**
 * Incoming webhooks, authenticated by their signature, not an API key: mount at /v1/hooks
 * BEFORE the API-key middleware. /stripe is registered first so it is never read as an account id.
 */
export const hookRoutes = createRouter().openapi(stripeHookRoute, stripeHookHandler).openapi(accountHookRoute, accountHookHandler);

/** The account's webhook secret, behind the API key (account:write): mount inside /v1 after authenticate. */
export const webhookSecretRoutes = createRouter()
  .openapi(rotateWebhookSecretRoute, rotateWebhookSecretHandler)
  .openapi(getWebhookSecretRoute, getWebhookSecretHandler);
