import { describe, expect, it } from "vitest";
import { computeSignature, parseSignatureHeader, signatureHeader, verifySignature } from "../../../src/services/webhooks/signature";

const SECRET = "whsec_unit";
const T = 1_700_000_000;

describe("parseSignatureHeader", () => {
  it("reads t and every v1, ignoring other schemes and junk", () => {
    const a = "a".repeat(64);
    const b = "B".repeat(64);
    expect(parseSignatureHeader(`t=${T},v1=${a},v0=${"c".repeat(64)},v1=${b}, foo`)).toEqual({ timestamp: T, signatures: [a, "b".repeat(64)] });
  });
  it.each([[""], [`t=${T}`], [`v1=${"a".repeat(64)}`], [`t=abc,v1=${"a".repeat(64)}`], [`t=${T},v1=xyz`]])("refuses %j", (header) => {
    expect(parseSignatureHeader(header)).toBeNull();
  });
});

describe("verifySignature", () => {
  const payload = '{"id":"evt_1"}';
  it("accepts its own header at the edges of the 300 s tolerance and refuses one second past", async () => {
    const header = await signatureHeader(SECRET, T, payload);
    for (const skew of [-300, 0, 300])
      expect(await verifySignature({ header, payload, secret: SECRET, nowSeconds: T + skew })).toEqual({ ok: true, timestamp: T });
    for (const skew of [-301, 301])
      expect(await verifySignature({ header, payload, secret: SECRET, nowSeconds: T + skew })).toEqual({ ok: false, reason: "stale" });
  });
  it("names why it refused", async () => {
    const header = await signatureHeader(SECRET, T, payload);
    expect(await verifySignature({ header: undefined, payload, secret: SECRET, nowSeconds: T })).toEqual({ ok: false, reason: "missing" });
    expect(await verifySignature({ header: "t=1", payload, secret: SECRET, nowSeconds: T })).toEqual({ ok: false, reason: "malformed" });
    expect(await verifySignature({ header, payload: `${payload} `, secret: SECRET, nowSeconds: T })).toEqual({ ok: false, reason: "mismatch" });
    expect(await verifySignature({ header, payload, secret: "whsec_other", nowSeconds: T })).toEqual({ ok: false, reason: "mismatch" });
  });
  it("binds the timestamp into the MAC: moving t invalidates the signature", async () => {
    const sig = await computeSignature(SECRET, T, payload);
    expect(await verifySignature({ header: `t=${T + 1},v1=${sig}`, payload, secret: SECRET, nowSeconds: T })).toEqual({ ok: false, reason: "mismatch" });
  });
});
