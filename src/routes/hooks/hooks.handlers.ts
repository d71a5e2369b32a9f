import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findWebhookSecret } from "../../db/webhook-queries";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors";
import { sendInvoice } from "../../services/delivery/send-invoice";
import { actingAs, type InvoiceContext } from "../../services/invoices/context";
import { parseGenericEvent } from "../../services/webhooks/generic-events";
import type { IncomingEvent } from "../../services/webhooks/incoming-event";
import { type EventSource, processEvent } from "../../services/webhooks/process-event";
import { parseStripeEvent } from "../../services/webhooks/stripe-events";
import { type Verified, verifyAccountRequest, verifyStripeStyle, withMessageId } from "./hook-signatures";
import type { accountHookRoute, stripeHookRoute } from "./hooks.routes";
import { createInvoiceFromEvent } from "./invoice-create-trigger";

/** The Stripe endpoint secret is a Worker secret (`wrangler secret put STRIPE_WEBHOOK_SECRET`), not a var. */
type HookSecrets = { STRIPE_WEBHOOK_SECRET?: string };

function contextFor(c: Context<AppEnv>, actor: string) {
  return (accountId: string, eventKey: string): InvoiceContext =>
    actingAs(c.var.services, accountId, actor, { requestId: c.var.requestId, idempotencyKey: eventKey });
}

/** Verifies, parses, and runs one event; nothing is recorded unless the signature holds. */
async function receive(
  c: Context<AppEnv>,
  opts: { verify: (payload: string) => Promise<Verified>; parse: (body: unknown) => IncomingEvent | null; source: EventSource; actor: string },
) {
  const payload = await c.req.text();
  const { messageId } = await opts.verify(payload);
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    throw new ApiError("invalid_request_error", "webhook_body_invalid", "The body is not JSON.");
  }
  const event = opts.parse(withMessageId(body, messageId));
  if (!event) throw new ApiError("invalid_request_error", "webhook_body_invalid", "The body is not an event: it needs a string id and type.");
  const outcome = await processEvent(
    {
      db: c.get("db"),
      contextFor: contextFor(c, opts.actor),
      sendInvoice: async (ctx, invoiceId, dedupeKey) => void (await sendInvoice(ctx, invoiceId, {}, dedupeKey)),
      createInvoice: createInvoiceFromEvent,
    },
    opts.source,
    event,
    new Date().toISOString(),
  );
  return c.json({ object: "webhook_receipt" as const, received: true as const, ...outcome }, 200);
}

export const stripeHookHandler: RouteHandler<typeof stripeHookRoute, AppEnv> = async (c) => {
  const secret = (c.env as HookSecrets).STRIPE_WEBHOOK_SECRET;
  // Without a configured secret no signature can be checked: refuse, never accept unsigned.
  if (!secret) console.error(JSON.stringify({ level: "error", request_id: c.get("requestId"), error: "STRIPE_WEBHOOK_SECRET is not set" }));
  return receive(c, {
    verify: (payload) => verifyStripeStyle(c, "Stripe-Signature", secret || null, payload),
    parse: parseStripeEvent,
    source: { kind: "stripe" },
    actor: "system:stripe",
  });
};

export const accountHookHandler: RouteHandler<typeof accountHookRoute, AppEnv> = async (c) => {
  const { account_id } = c.req.valid("param");
  // An unknown account and an account without a secret are refused like a bad signature.
  const secret = await findWebhookSecret(c.get("db"), account_id);
  return receive(c, {
    verify: (payload) => verifyAccountRequest(c, secret, payload),
    parse: parseGenericEvent,
    source: { kind: "account", accountId: account_id },
    actor: "system:webhook",
  });
};
