import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { standardWebhookKey } from "../../../src/services/webhooks/standard-webhook-key";
import { newWebhookSecret, signStandardWebhook, verifyStandardWebhook } from "../../../src/services/webhooks/standard-webhooks";

/*
 * The reference implementation (the standardwebhooks package) is the judge: it verifies what we
 * sign and signs what we verify. Its verify reads the real clock, so those cases sign "now".
 */

const body = '{"type":"invoice.paid","data":{"invoice_id":"inv_1"}}';
const nowSeconds = () => Math.floor(Date.now() / 1000);
const headersFor = (id: string, timestamp: number, signature: string) => ({
  "webhook-id": id,
  "webhook-timestamp": String(timestamp),
  "webhook-signature": signature,
});

describe("newWebhookSecret", () => {
  it("is whsec_ and base64 of 32 random bytes, which the package accepts", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(standardWebhookKey(secret)).toHaveLength(32);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

describe("signStandardWebhook", () => {
  it("produces a header the package verifies", async () => {
    const secret = newWebhookSecret();
    const t = nowSeconds();
    const signature = await signStandardWebhook({ secrets: [secret], id: "msg_1", timestamp: t, body });
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headersFor("msg_1", t, signature))).toEqual(JSON.parse(body));
    // Byte for byte what the package would write.
    expect(signature).toBe(new Webhook(secret).sign("msg_1", new Date(t * 1000), body));
  });

  it("signs with every secret during a rotation, and each secret alone verifies", async () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const t = nowSeconds();
    const signature = await signStandardWebhook({ secrets: [oldSecret, newSecret], id: "msg_rot", timestamp: t, body });
    expect(signature.split(" ")).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(() => new Webhook(secret).verify(body, headersFor("msg_rot", t, signature))).not.toThrow();
      expect(await verifyStandardWebhook({ secret, headers: { id: "msg_rot", timestamp: String(t), signature }, body, nowSeconds: t })).toEqual({ ok: true });
    }
    expect(() => new Webhook(newWebhookSecret()).verify(body, headersFor("msg_rot", t, signature))).toThrow(/No matching signature/);
  });

  it("is refused by the package for a tampered body, another id, and a stale or future timestamp", async () => {
    const secret = newWebhookSecret();
    const wh = new Webhook(secret);
    const t = nowSeconds();
    const signature = await signStandardWebhook({ secrets: [secret], id: "msg_2", timestamp: t, body });
    expect(() => wh.verify(body.replace("inv_1", "inv_2"), headersFor("msg_2", t, signature))).toThrow(/No matching signature/);
    expect(() => wh.verify(body, headersFor("msg_3", t, signature))).toThrow(/No matching signature/);
    // A minute past the 300 s tolerance either way, so a slow machine cannot bring it back inside.
    for (const [skew, message] of [
      [-360, /too old/],
      [360, /too new/],
    ] as const) {
      const moved = await signStandardWebhook({ secrets: [secret], id: "msg_2", timestamp: t + skew, body });
      expect(() => wh.verify(body, headersFor("msg_2", t + skew, moved))).toThrow(message);
    }
  });

  it("refuses to sign with no secret or one the package could not use", async () => {
    await expect(signStandardWebhook({ secrets: [], id: "m", timestamp: 1, body })).rejects.toThrow();
    await expect(signStandardWebhook({ secrets: ["whsec_not base64"], id: "m", timestamp: 1, body })).rejects.toThrow();
  });
});

describe("verifyStandardWebhook", () => {
  const T = 1_700_000_000;
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const packageSigned = (id: string, t: number, payload = body, s = secret) => new Webhook(s).sign(id, new Date(t * 1000), payload);
  const check = (
    headers: { id?: string | null; timestamp?: string | null; signature?: string | null },
    opts: { payload?: string; now?: number; s?: string } = {},
  ) =>
    verifyStandardWebhook({
      secret: opts.s ?? secret,
      headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
      body: opts.payload ?? body,
      nowSeconds: opts.now ?? T,
    });

  it("accepts what the package signs, at the edges of the 300 s tolerance, and refuses past them", async () => {
    const signature = packageSigned("msg_1", T);
    for (const skew of [-300, 0, 300]) expect(await check({ id: "msg_1", timestamp: String(T), signature }, { now: T + skew })).toEqual({ ok: true });
    for (const skew of [-301, 301, -3600])
      expect(await check({ id: "msg_1", timestamp: String(T), signature }, { now: T + skew })).toEqual({ ok: false, reason: "stale" });
  });

  it("accepts a rotation header when any entry matches, skipping other versions", async () => {
    const other = packageSigned("msg_1", T, body, "whsec_b3RoZXIgc2VjcmV0IGJ5dGVz");
    const ours = packageSigned("msg_1", T);
    const header = `v1a,${"A".repeat(86)}== ${other} ${ours}`;
    expect(await check({ id: "msg_1", timestamp: String(T), signature: header })).toEqual({ ok: true });
    expect(await check({ id: "msg_1", timestamp: String(T), signature: `${other} v2,${ours.slice(3)}` })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses a tampered body, another id, a moved timestamp and another secret", async () => {
    const signature = packageSigned("msg_1", T);
    const mismatch = { ok: false, reason: "mismatch" };
    expect(await check({ id: "msg_1", timestamp: String(T), signature }, { payload: `${body} ` })).toEqual(mismatch);
    expect(await check({ id: "msg_2", timestamp: String(T), signature })).toEqual(mismatch);
    expect(await check({ id: "msg_1", timestamp: String(T + 1), signature })).toEqual(mismatch);
    expect(await check({ id: "msg_1", timestamp: String(T), signature }, { s: "whsec_b3RoZXIgc2VjcmV0IGJ5dGVz" })).toEqual(mismatch);
    // A secret the package cannot decode matches nothing rather than throwing.
    expect(await check({ id: "msg_1", timestamp: String(T), signature }, { s: "whsec_test_endpoint_secret" })).toEqual(mismatch);
  });

  it("names missing and malformed headers", async () => {
    const signature = packageSigned("msg_1", T);
    const missing = { ok: false, reason: "missing" };
    const malformed = { ok: false, reason: "malformed" };
    expect(await check({ timestamp: String(T), signature })).toEqual(missing);
    expect(await check({ id: "msg_1", signature })).toEqual(missing);
    expect(await check({ id: "msg_1", timestamp: String(T), signature: "" })).toEqual(missing);
    expect(await check({ id: "msg_1", timestamp: "soon", signature })).toEqual(malformed);
    expect(await check({ id: "msg_1", timestamp: String(T), signature: `t=${T},v1=${"a".repeat(64)}` })).toEqual(malformed);
    // Not the canonical base64 of 32 bytes (padding dropped): the package compares text and would not match it either.
    expect(await check({ id: "msg_1", timestamp: String(T), signature: signature.slice(0, -1) })).toEqual(malformed);
  });

  it("accepts the package's signature made with the real clock", async () => {
    const s = newWebhookSecret();
    const t = nowSeconds();
    const signature = new Webhook(s).sign("msg_now", new Date(t * 1000), body);
    expect(await verifyStandardWebhook({ secret: s, headers: { id: "msg_now", timestamp: String(t), signature }, body, nowSeconds: nowSeconds() })).toEqual({
      ok: true,
    });
  });
});

describe("standardWebhookKey", () => {
  // Equal signatures over one message mean equal keys; the package's key itself is private.
  const packageSignature = (secret: string) => {
    try {
      return new Webhook(secret).sign("msg_k", new Date(1_700_000_000_000), body);
    } catch {
      return null;
    }
  };
  const ourSignature = async (secret: string) =>
    standardWebhookKey(secret) ? signStandardWebhook({ secrets: [secret], id: "msg_k", timestamp: 1_700_000_000, body }) : null;

  it.each([
    ["an account secret: whsec_ and 43 base62 characters", "whsec_4fJ0pXqLr8ZcVb2NwTy6Ke1Hm9DsGa3UoIiPlQxRtYz", 32],
    ["no prefix", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 24],
    ["padding", "whsec_c2VjcmV0IGJ5dGVzIQ==", 13],
    ["a lone last character, which the decoder drops unread", "whsec_abcdefgh!", 6],
    ["non-zero bits in a partial last group", "whsec_abcdf", 3],
    ["whitespace", "whsec_abcd efgh", null],
    ["URL-safe characters", "whsec_test_endpoint_secret", null],
    ["too short", "whsec_ab", null],
    ["three padding characters", "whsec_abcd===", null],
    ["only the prefix", "whsec_", null],
  ])("derives the package's key (or none) from %s", async (_name, secret, bytes) => {
    expect(standardWebhookKey(secret)?.length ?? null).toBe(bytes);
    expect(await ourSignature(secret)).toBe(packageSignature(secret));
  });

  it("agrees with the package on any mix of base64, padding and other characters", async () => {
    const base64Char = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    // Mostly base64, so most cases decode; now and then a character the decoder refuses (or drops, when last).
    const char = fc.oneof({ arbitrary: base64Char, weight: 30 }, { arbitrary: fc.constantFrom("=", "-", "_", " ", "!"), weight: 1 });
    const secret = fc
      .tuple(fc.boolean(), fc.array(char, { maxLength: 60 }), fc.integer({ min: 0, max: 3 }))
      .map(([prefixed, chars, padding]) => `${prefixed ? "whsec_" : ""}${chars.join("")}${"=".repeat(padding)}`);
    await fc.assert(
      fc.asyncProperty(secret, async (s) => {
        expect(await ourSignature(s)).toBe(packageSignature(s));
      }),
      { numRuns: 300 },
    );
  });
});
