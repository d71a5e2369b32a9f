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
  description: [
    "Signed with the account's webhook secret under either scheme:",
    "- Stripe's: `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>`, the secret's text as the key.",
    '- [Standard Webhooks](https://www.standardwebhooks.com/) (what Svix sends): `webhook-id`, `webhook-timestamp: <unix seconds>`, `webhook-signature: v1,<base64 HMAC-SHA256(key, "<webhook-id>.<timestamp>.<raw body>")>`, the key being the secret as the Standard Webhooks libraries read it (`whsec_` dropped, the rest base64-decoded): `new Webhook(secret).sign(…)` of the `standardwebhooks` package signs correctly. The body\'s `id` may be left out: the signed `webhook-id` is then the event id; if given, it must equal `webhook-id` (else 400).',
    "Either scheme: any one of several space- (Standard) or comma-separated (Stripe) v1 signatures may match, and the timestamp must be within 300 s of now.",
    "",
    "Events (`data.invoice_id` or `data.invoice_number` names an invoice of this account):",
    '- `{"id","type":"payment.succeeded","data":{"invoice_id"|"invoice_number","amount","currency","reference"?,"method"?}}` records a payment.',
    '- `{"id","type":"invoice.create","data":{…}}` creates an invoice: `data` is the body of `POST /v1/invoices` (same validation), with the customer given by `customer_id` or by `customer_email` (a customer of this account with that email), and `send: true` (or `send_email: true`) to finalize and email it at once, as `POST /v1/invoices` with `send_email` does. The receipt\'s `invoice_id` is the new invoice, on duplicates too. Faults in `data` are a 400 naming the field (`data.customer_email`) and record nothing, so the corrected event may keep its id.',
    '- `{"id","type":"invoice.send"|"invoice.finalize"|"invoice.void","data":{"invoice_id"|"invoice_number"}}` does what the API route of that name does.',
    "",
    "Each event id takes effect once, however often and however concurrently it is delivered: a repeat answers `duplicate`. A refusal that no retry would change (an unknown invoice, a voided invoice to send, an unsupported type) is acknowledged as `rejected`, so the sender stops retrying.",
  ].join("\n"),
  security: [],
  request: { params: AccountIdParam },
  responses: {
    ...hookResponses,
    400: error(
      "Missing, malformed, stale (over 300 s) or wrong signature; a body that is not an event, or whose id differs from webhook-id; invoice.create data that fails validation (`param` names the field). Nothing is recorded.",
    ),
  } as const,
});
