/*
 * Stripe's webhook signature scheme, used both for Stripe itself and for the generic
 * per-account receiver: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 * Several v1 entries may be present while the sender rotates its secret; any one that
 * matches is enough. The timestamp bounds replays of a captured request.
 */

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type ParsedSignatureHeader = { timestamp: number; signatures: string[] };

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

/** Parses `t=…,v1=…[,v1=…]`; other schemes (v0 is Stripe's test scheme) are ignored. */
export function parseSignatureHeader(header: string | null | undefined): ParsedSignatureHeader | null {
  if (!header) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

const encoder = new TextEncoder();

function hmacKey(secret: string, usage: "sign" | "verify") {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Hex HMAC-SHA256 of `${timestamp}.${payload}`: what a sender puts in v1. */
export async function computeSignature(secret: string, timestamp: number, payload: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(`${timestamp}.${payload}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A complete header value, for our own outgoing webhooks and for tests. */
export async function signatureHeader(secret: string, timestamp: number, payload: string): Promise<string> {
  return `t=${timestamp},v1=${await computeSignature(secret, timestamp, payload)}`;
}

/**
 * Checks a signature header against the raw body. The comparison is crypto.subtle.verify,
 * which compares MACs in constant time, so a mismatch reveals nothing about the expected
 * value. Timestamps in the future beyond the tolerance are refused like stale ones.
 */
export async function verifySignature(input: {
  header: string | null | undefined;
  payload: string;
  secret: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): Promise<SignatureCheck> {
  if (!input.header) return { ok: false, reason: "missing" };
  const parsed = parseSignatureHeader(input.header);
  if (!parsed) return { ok: false, reason: "malformed" };
  const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(input.nowSeconds - parsed.timestamp) > tolerance) return { ok: false, reason: "stale" };
  const key = await hmacKey(input.secret, "verify");
  const signed = encoder.encode(`${parsed.timestamp}.${input.payload}`);
  for (const candidate of parsed.signatures) {
    if (await crypto.subtle.verify("HMAC", key, hexToBytes(candidate), signed)) return { ok: true, timestamp: parsed.timestamp };
  }
  return { ok: false, reason: "mismatch" };
}
