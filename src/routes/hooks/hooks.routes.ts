import { createRoute } from "@hono/zod-openapi";
import { ErrorSchema, jsonResponse } from "../../openapi/responses";
import { AccountIdParam, WebhookReceiptSchema } from "./hooks.schemas";

const error = (description: string) => ({ description, content: { "application/json": { schema: ErrorSchema } } });

// The body is read raw (the signature covers its exact bytes), so it is not declared for validation.
const hookResponses = {
  200: jsonResponse(WebhookReceiptSchema, "Received; `status` says what it did. Acknowledged even when refused for good, so it is not retried."),
  400: error("Missing, malformed, stale (over 300 s) or wrong signature, or a body that is not an event. Nothing is recorded."),
  413: error("Request body too large."),
  500: error("Internal error; nothing was recorded and the sender should retry."),
} as const;

export const stripeHookRoute = createRoute({
  method: "post",
  path: "/stripe",
  tags: ["Webhooks"],
  summary: "Receive Stripe events (Stripe-Signature, endpoint secret STRIPE_WEBHOOK_SECRET)",
  description:
    "checkout.session.completed (paid), checkout.session.async_payment_succeeded and payment_intent.succeeded whose metadata.invoice_id names an invoice become a payment on it, once per PaymentIntent. metadata.account_id, if set, must be the invoice's account.",
  security: [],
  responses: hookResponses,
});

export const accountHookRoute = createRoute({
  method: "post",
  path: "/{account_id}",
  tags: ["Webhooks"],
  summary: "Receive events from another system, signed with the account's webhook secret",
  description:
    'Header `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (Stripe\'s scheme). Events: ' +
    '`{"id","type":"payment.succeeded","data":{"invoice_id"|"invoice_number","amount","currency","reference"?,"method"?}}` and ' +
    '`{"id","type":"invoice.send","data":{"invoice_id"|"invoice_number"}}`. Each event id takes effect once.',
  security: [],
  request: { params: AccountIdParam },
  responses: hookResponses,
});
