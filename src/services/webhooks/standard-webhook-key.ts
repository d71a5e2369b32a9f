/*
 * How a Standard Webhooks secret becomes HMAC key bytes, exactly as the reference library
 * does it (node_modules/standardwebhooks/dist/index.js, the Webhook constructor): an optional
 * `whsec_` prefix is dropped and the rest is base64-decoded by @stablelib/base64
 * (node_modules/@stablelib/base64/lib/base64.js, Coder.decode). That decoder is laxer than
 * atob in ways a secret can hit: padding is optional, a lone trailing character is dropped
 * unread, and the low bits of a partial last group are ignored; but it refuses whitespace,
 * URL-safe characters and inputs under 4 characters, where atob would differ the other way.
 * Mirroring it means a sender using the library with a secret signs with the key we verify
 * with, including our account secrets (`whsec_` + 43 base62 characters, which it reads as
 * 32 bytes of base64).
 */

export const SECRET_PREFIX = "whsec_";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The key the reference library would derive from `secret`; null where its constructor throws. */
export function standardWebhookKey(secret: string): Uint8Array<ArrayBuffer> | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = decodeLikeStablelib(encoded);
  return key && key.length > 0 ? key : null;
}

/** Coder.decode of @stablelib/base64 1.0.1 with "=" padding, step for step; null where it throws. */
function decodeLikeStablelib(s: string): Uint8Array<ArrayBuffer> | null {
  if (s.length === 0) return new Uint8Array(0);
  let padding = 0;
  while (padding < s.length && s[s.length - 1 - padding] === "=") padding++;
  if (s.length < 4 || padding > 2) return null;
  const length = s.length - padding;
  const out: number[] = [];
  let bad = false;
  const value = (at: number) => {
    const v = ALPHABET.indexOf(s.charAt(at));
    if (v < 0) bad = true;
    return v;
  };
  let i = 0;
  let [v0, v1, v2, v3] = [0, 0, 0, 0];
  for (; i < length - 4; i += 4) {
    [v0, v1, v2, v3] = [value(i), value(i + 1), value(i + 2), value(i + 3)];
    out.push((v0 << 2) | (v1 >>> 4), (v1 << 4) | (v2 >>> 2), (v2 << 6) | v3);
  }
  if (i < length - 1) {
    [v0, v1] = [value(i), value(i + 1)];
    out.push((v0 << 2) | (v1 >>> 4));
  }
  if (i < length - 2) {
    v2 = value(i + 2);
    out.push((v1 << 4) | (v2 >>> 2));
  }
  if (i < length - 3) {
    v3 = value(i + 3);
    out.push((v2 << 6) | v3);
  }
  // Uint8Array keeps the low 8 bits of each entry, as the library's writes into one do.
  return bad ? null : Uint8Array.from(out);
}
