import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findWebhookSecret } from "../../db/webhook-queries";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors";
import { actingAs, type InvoiceContext } from "../../services/invoices/context";
import type { IncomingEvent } from "../../services/webhooks/incoming-event";
import { parseGenericEvent } from "../../services/webhooks/generic-events";
import { sendInvoice } from "../../services/delivery/send-invoice";
import { processEvent, type EventSource } from "../../services/webhooks/process-event";
import { verifySignature, type SignatureCheck } from "../../services/webhooks/signature";
import { parseStripeEvent } from "../../services/webhooks/stripe-events";
import type { accountHookRoute, stripeHookRoute } from "./hooks.routes";

/** The Stripe endpoint secret is a Worker secret (`wrangler secret put STRIPE_WEBHOOK_SECRET`), not a var. */
type HookSecrets = { STRIPE_WEBHOOK_SECRET?: string };

export const ACCOUNT_SIGNATURE_HEADER = "Webhook-Signature" as const;

const REFUSALS: Record<Exclude<SignatureCheck, { ok: true }>["reason"], string> = {
  missing: "No signature header.",
  malformed: "The signature header is malformed; expected t=<unix seconds>,v1=<hex>.",
  stale: "The signature timestamp is more than 300 seconds from now.",
  mismatch: "No signature matches the body.",
};

const refuse = (message: string) => new ApiError("invalid_request_error", "webhook_signature_invalid", message);

function contextFor(c: Context<AppEnv>, actor: string) {
  return (accountId: string): InvoiceContext => actingAs(c.var.services, accountId, actor, { requestId: c.var.requestId });
}

/** Verifies, parses, and runs one event; nothing is recorded unless the signature holds. */
async function receive(
  c: Context<AppEnv>,
  opts: { secret: string | null; header: string; parse: (body: unknown) => IncomingEvent | null; source: EventSource; actor: string },
) {
  const payload = await c.req.text();
  const check = opts.secret
    ? await verifySignature({ header: c.req.header(opts.header), payload, secret: opts.secret, nowSeconds: Math.floor(Date.now() / 1000) })
    : ({ ok: false, reason: "mismatch" } as const);
  if (!check.ok) throw refuse(REFUSALS[check.reason]);
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    throw new ApiError("invalid_request_error", "webhook_body_invalid", "The body is not JSON.");
  }
  const event = opts.parse(body);
  if (!event) throw new ApiError("invalid_request_error", "webhook_body_invalid", "The body is not an event: it needs a string id and type.");
  const outcome = await processEvent(
    {
      db: c.get("db"),
      contextFor: contextFor(c, opts.actor),
      sendInvoice: async (ctx, invoiceId, dedupeKey) => void (await sendInvoice(ctx, invoiceId, {}, dedupeKey)),
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
  return receive(c, { secret: secret || null, header: "Stripe-Signature", parse: parseStripeEvent, source: { kind: "stripe" }, actor: "system:stripe" });
};

export const accountHookHandler: RouteHandler<typeof accountHookRoute, AppEnv> = async (c) => {
  const { account_id } = c.req.valid("param");
  // An unknown account and an account without a secret are refused like a bad signature.
  const secret = await findWebhookSecret(c.get("db"), account_id);
  return receive(c, {
    secret,
    header: ACCOUNT_SIGNATURE_HEADER,
    parse: parseGenericEvent,
    source: { kind: "account", accountId: account_id },
    actor: "system:webhook",
  });
};
