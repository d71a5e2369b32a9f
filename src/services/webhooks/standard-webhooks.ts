import { SIGNATURE_TOLERANCE_SECONDS, type SignatureCheck } from "./signature";
import { SECRET_PREFIX, standardWebhookKey } from "./standard-webhook-key";

/*
 * The Standard Webhooks signature scheme (https://www.standardwebhooks.com/, what Svix sends):
 *   webhook-id: <message id>   webhook-timestamp: <unix seconds>
 *   webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<raw body>")>
 * with several space-separated entries while the sender rotates its secret; any one that
 * matches is enough. The key is the secret decoded as the reference library decodes it
 * (./standard-webhook-key.ts). The id is signed too, so a receiver may trust it as the event id.
 */

export type StandardWebhookHeaders = {
  id: string | null | undefined;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
};

export type StandardWebhookCheck = { ok: true } | Exclude<SignatureCheck, { ok: true }>;

const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

// The reference library compares base64 text, so only the canonical encoding of 32 bytes can
// match: 43 characters whose last carries 4 bits (its low 2 bits zero), then one "=".
const CANONICAL_SHA256_BASE64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

function hmacKey(secret: string, usage: "sign" | "verify") {
  const key = standardWebhookKey(secret);
  if (!key) return null;
  return crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

// The timestamp enters the MAC as a number, as the library's Date round trip writes it.
const signedContent = (id: string, timestamp: number, body: string) => encoder.encode(`${id}.${timestamp}.${body}`);

/** `whsec_` + base64 of 32 random bytes: the secret format Standard Webhooks libraries expect. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/**
 * The webhook-signature header value: one `v1,…` per secret, space-separated, so a receiver
 * holding either the old or the new secret accepts the message while it rotates.
 */
export async function signStandardWebhook(input: { secrets: string[]; id: string; timestamp: number; body: string }): Promise<string> {
  if (input.secrets.length === 0) throw new Error("signStandardWebhook needs at least one secret.");
  const content = signedContent(input.id, input.timestamp, input.body);
  const entries = await Promise.all(
    input.secrets.map(async (secret) => {
      const key = await hmacKey(secret, "sign");
      // Our own secrets always decode; one that does not is a bug, not a message to send unsigned.
      if (!key) throw new Error("A Standard Webhooks secret must be whsec_ followed by base64.");
      return `v1,${toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, content)))}`;
    }),
  );
  return entries.join(" ");
}

function signaturesIn(header: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const entry of header.split(" ")) {
    const comma = entry.indexOf(",");
    // Other versions (v1a is the asymmetric ed25519 scheme) are skipped, as the library skips them.
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    const value = entry.slice(comma + 1);
    if (CANONICAL_SHA256_BASE64.test(value)) out.push(Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0)));
  }
  return out;
}

/**
 * Checks the three headers against the raw body. The comparison is crypto.subtle.verify,
 * which compares MACs in constant time. Timestamps in the future beyond the tolerance are
 * refused like stale ones, as the reference library does. A secret the library could not
 * use matches nothing.
 */
export async function verifyStandardWebhook(input: {
  secret: string;
  headers: StandardWebhookHeaders;
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): Promise<StandardWebhookCheck> {
  const { id, timestamp, signature } = input.headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed" };
  const signatures = signaturesIn(signature);
  if (signatures.length === 0) return { ok: false, reason: "malformed" };
  const t = Number(timestamp);
  if (Math.abs(input.nowSeconds - t) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: "stale" };
  const key = await hmacKey(input.secret, "verify");
  if (!key) return { ok: false, reason: "mismatch" };
  const content = signedContent(id, t, input.body);
  for (const candidate of signatures) {
    if (await crypto.subtle.verify("HMAC", key, candidate, content)) return { ok: true };
  }
  return { ok: false, reason: "mismatch" };
}
