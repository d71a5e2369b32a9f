import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors";
import { verifySignature, type SignatureCheck } from "../../services/webhooks/signature";
import { verifyStandardWebhook } from "../../services/webhooks/standard-webhooks";
import { isEventId, isRecord } from "../../services/webhooks/incoming-event";

/*
 * The per-account receiver takes two signature schemes with the account's one secret: Stripe's
 * (`Webhook-Signature: t=<s>,v1=<hex>`, src/services/webhooks/signature.ts, HMAC key = the
 * secret's text) and Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature:
 * v1,<base64>`, src/services/webhooks/standard-webhooks.ts, HMAC key = the secret decoded as
 * the standardwebhooks package decodes it, so `new Webhook(secret).sign(…)` is accepted). Both
 * call their header Webhook-Signature, and header names ignore case, so the other two headers
 * tell them apart: with webhook-id or webhook-timestamp present, it is Standard Webhooks.
 */

export const ACCOUNT_SIGNATURE_HEADER = "Webhook-Signature" as const;

type Refusal = Exclude<SignatureCheck, { ok: true }>["reason"];

const STALE = "The signature timestamp is more than 300 seconds from now.";
const MISMATCH = "No signature matches the body.";

const STRIPE_STYLE_REFUSALS: Record<Refusal, string> = {
  missing: "No signature header.",
  malformed: "The signature header is malformed; expected t=<unix seconds>,v1=<hex>.",
  stale: STALE,
  mismatch: MISMATCH,
};

const STANDARD_REFUSALS: Record<Refusal, string> = {
  missing: "A Standard Webhooks signature needs the webhook-id, webhook-timestamp and webhook-signature headers.",
  malformed: "The Standard Webhooks headers are malformed; expected webhook-timestamp: <unix seconds> and webhook-signature: v1,<base64> [v1,<base64> …].",
  stale: STALE,
  mismatch: MISMATCH,
};

const refuse = (message: string) => new ApiError("invalid_request_error", "webhook_signature_invalid", message);

const now = () => Math.floor(Date.now() / 1000);

/** A verified request; a Standard Webhooks one carries its signed message id. */
export type Verified = { messageId: string | null };

/** Checks `t=…,v1=…` in `header`; without a secret nothing can be checked, and nothing is accepted. */
export async function verifyStripeStyle(c: Context<AppEnv>, header: string, secret: string | null, payload: string): Promise<Verified> {
  const check = secret
    ? await verifySignature({ header: c.req.header(header), payload, secret, nowSeconds: now() })
    : ({ ok: false, reason: "mismatch" } as const);
  if (!check.ok) throw refuse(STRIPE_STYLE_REFUSALS[check.reason]);
  return { messageId: null };
}

/** Checks the request under whichever scheme its headers use (see above). */
export async function verifyAccountRequest(c: Context<AppEnv>, secret: string | null, payload: string): Promise<Verified> {
  const id = c.req.header("webhook-id");
  const timestamp = c.req.header("webhook-timestamp");
  if (id === undefined && timestamp === undefined) return verifyStripeStyle(c, ACCOUNT_SIGNATURE_HEADER, secret, payload);
  const headers = { id, timestamp, signature: c.req.header("webhook-signature") };
  const check = secret ? await verifyStandardWebhook({ secret, headers, body: payload, nowSeconds: now() }) : ({ ok: false, reason: "mismatch" } as const);
  if (!check.ok) throw refuse(STANDARD_REFUSALS[check.reason]);
  return { messageId: id ?? null };
}

const bodyInvalid = (message: string, param?: string) => new ApiError("invalid_request_error", "webhook_body_invalid", message, param);

/**
 * The signed webhook-id is the event id when the body has none; when it has one, the two must
 * agree, so one event never carries two ids that would deduplicate it differently.
 */
export function withMessageId(body: unknown, messageId: string | null): unknown {
  if (messageId === null || !isRecord(body)) return body;
  if (!isEventId(messageId)) throw bodyInvalid("The webhook-id header must be 1 to 255 printable ASCII characters without spaces to serve as the event id.");
  if (body.id === undefined) return { ...body, id: messageId };
  if (body.id !== messageId) throw bodyInvalid(`The body's id differs from the webhook-id header ('${messageId}'); leave id out, or send the same.`, "id");
  return body;
}
