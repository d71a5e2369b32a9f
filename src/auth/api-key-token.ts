import { randomToken } from "../ids";

/*
 * An API key has a public id (`key_…`) and a secret. The Bearer token joins them
 * (`sk_<id body>_<secret>`); Sequence-style Basic auth sends them as user and password.
 * Only SHA-256 of the secret is stored: the secret has 256 random bits, so a slow
 * password hash would add nothing but latency.
 */

export type ParsedKey = { keyId: string; secret: string };

export function newApiKeySecret(): string {
  return randomToken(32);
}

export function formatBearerToken(keyId: string, secret: string): string {
  return `sk_${keyId.slice("key_".length)}_${secret}`;
}

export function parseBearerToken(token: string): ParsedKey | null {
  const match = /^sk_([0-9A-Za-z]{10,40})_([0-9A-Za-z]{20,80})$/.exec(token);
  return match ? { keyId: `key_${match[1]}`, secret: match[2]! } : null;
}

/**
 * Basic credentials: the key id as user and the secret as password (Sequence), or the whole
 * Bearer token as user and an empty password (`curl -u sk_…:`, Stripe's habit).
 */
export function parseBasicCredentials(encoded: string): ParsedKey | null {
  let decoded: string;
  try {
    decoded = atob(encoded);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const keyId = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (secret === "") return parseBearerToken(keyId);
  if (!/^key_[0-9A-Za-z]{10,40}$/.test(keyId) || !/^[0-9A-Za-z]{20,80}$/.test(secret)) return null;
  return { keyId, secret };
}

/**
 * The credentials of an `Authorization` header: exactly a scheme and one token. Anything
 * after the token (`Bearer sk_… junk`) makes the header malformed rather than ignored.
 */
export function parseAuthorizationHeader(header: string): ParsedKey | null {
  const match = /^(\S+) +(\S+)$/.exec(header.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  if (scheme === "bearer") return parseBearerToken(match[2]!);
  if (scheme === "basic") return parseBasicCredentials(match[2]!);
  return null;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Constant-time comparison of two equal-length hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  if (ea.byteLength !== eb.byteLength) return false;
  return crypto.subtle.timingSafeEqual(ea, eb);
}
