import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, jsonResponse } from "../../openapi/responses";
import { WebhookSecretSchema } from "./hooks.schemas";

export const rotateWebhookSecretRoute = createRoute({
  method: "post",
  path: "/account/webhook_secret",
  tags: ["Account", "Webhooks"],
  summary: "Create or rotate the secret that signs events sent to POST /v1/hooks/{account_id}",
  description: "The previous secret stops working at once: update the sending system right after rotating.",
  middleware: [requireScope("account:write")],
  responses: { 200: jsonResponse(WebhookSecretSchema, "The new secret."), ...errorResponses },
});

export const getWebhookSecretRoute = createRoute({
  method: "get",
  path: "/account/webhook_secret",
  tags: ["Account", "Webhooks"],
  summary: "Reveal the current webhook secret",
  description: "Needs account:write like rotation: whoever can read the secret can forge payments. 404 until one is created.",
  middleware: [requireScope("account:write")],
  responses: { 200: jsonResponse(WebhookSecretSchema, "The current secret."), ...errorResponses },
});
