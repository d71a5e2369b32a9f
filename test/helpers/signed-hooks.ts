import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { authenticate } from "../../src/middleware/authenticate";
import { requestContext } from "../../src/middleware/request-context";
import { createRouter } from "../../src/openapi/router";
import { toErrorResponse } from "../../src/errors";
import { webhookSecretRoutes } from "../../src/routes/hooks";
import { newAccount } from "./api";

export const STRIPE_SECRET = "whsec_test_endpoint_secret";

/** A Stripe-Signature header made by Stripe's own library (its SubtleCrypto provider runs in workerd). */
export function stripeHeader(payload: string, opts: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: opts.secret ?? STRIPE_SECRET,
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
}

/** webhook-id, webhook-timestamp and webhook-signature as the standardwebhooks package (the spec's reference library) signs them. */
export function standardHeaders(secret: string, payload: string, opts: { id: string; timestamp?: number }) {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    "webhook-id": opts.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": new Webhook(secret).sign(opts.id, new Date(timestamp * 1000), payload),
  };
}

export async function postHook(path: string, payload: string, headers: Record<string, string>) {
  const res = await exports.default.fetch(`https://api.test${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: payload,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export const paymentIntentSucceeded = (eventId: string, o: { pi: string; invoiceId: string; amount: number; currency?: string; accountId?: string }) =>
  JSON.stringify({
    id: eventId,
    object: "event",
    type: "payment_intent.succeeded",
    data: {
      object: {
        id: o.pi,
        object: "payment_intent",
        amount: o.amount,
        amount_received: o.amount,
        currency: o.currency ?? "usd",
        status: "succeeded",
        metadata: { invoice_id: o.invoiceId, ...(o.accountId ? { account_id: o.accountId } : {}) },
      },
    },
  });

export const checkoutSessionCompleted = (
  eventId: string,
  o: { session: string; pi: string | null; invoiceId?: string; amount: number; paymentStatus?: string },
) =>
  JSON.stringify({
    id: eventId,
    object: "event",
    type: "checkout.session.completed",
    data: {
      object: {
        id: o.session,
        object: "checkout.session",
        amount_total: o.amount,
        currency: "usd",
        payment_intent: o.pi,
        payment_status: o.paymentStatus ?? "paid",
        metadata: o.invoiceId ? { invoice_id: o.invoiceId } : {},
      },
    },
  });

/**
 * The webhook-secret routes live inside the authenticated /v1 router, which the lead mounts;
 * this app mounts them the same way so they can be exercised before and after that lands.
 */
const secretApp = createRouter();
secretApp.use("*", requestContext);
const v1 = createRouter();
v1.use("*", authenticate);
v1.route("/", webhookSecretRoutes);
secretApp.route("/v1", v1);
secretApp.onError((err, c) => toErrorResponse(err, c));

export async function webhookSecretCall(apiKey: string, method: "GET" | "POST") {
  const ctx = createExecutionContext();
  const res = await secretApp.fetch(
    new Request("https://api.test/v1/account/webhook_secret", { method, headers: { Authorization: `Bearer ${apiKey}` } }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as any };
}

/** A fresh account with a webhook secret made by POST /v1/account/webhook_secret. */
export async function accountWithWebhookSecret() {
  const acct = await newAccount();
  const created = await webhookSecretCall(acct.apiKey, "POST");
  if (created.status !== 200) throw new Error(`webhook secret: ${JSON.stringify(created.body)}`);
  return { ...acct, secret: created.body.secret as string };
}

export async function receiptsFor(eventIds: string[]) {
  const rows = await env.DB.prepare(
    `SELECT source, event_id, type, status, error, account_id FROM webhook_receipts WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id`,
  )
    .bind(JSON.stringify(eventIds))
    .all();
  return rows.results as Array<{ source: string; event_id: string; type: string; status: string; error: string | null; account_id: string | null }>;
}

export async function countRows(table: "webhook_receipts" | "payments" | "invoices" | "invoice_events" | "deliveries") {
  return (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
}

/** A fixed-seed shuffle, so a failure replays in the same order. */
export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
