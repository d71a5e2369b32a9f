import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { toErrorResponse } from "../../src/errors";
import { authenticate } from "../../src/middleware/authenticate";
import { expectError, newAccount, rawFetch } from "../helpers/api";

let apiKey: string;

beforeAll(async () => {
  apiKey = (await newAccount()).apiKey;
});

const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;
const withAuth = (path: string, authorization: string, headers: Record<string, string> = {}) =>
  rawFetch(path, { headers: { Authorization: authorization, ...headers } });

describe("credentials", () => {
  it("accept the whole key as the Basic user with an empty password (curl -u sk_…:), on /v1 and /api", async () => {
    expect((await withAuth("/v1/account", basic(apiKey, ""))).status).toBe(200);
    const sequence = await withAuth("/api/invoices", basic(apiKey, ""));
    expect(sequence.status).toBe(200);
    expect(sequence.body.items).toEqual([]);
  });

  it("refuse the whole key as the Basic user when a password is given, or a wrong key", async () => {
    expectError(await withAuth("/v1/account", basic(apiKey, "something")), 401, { type: "authentication_error" });
    // Another last character than the key's own (a key ending in "x" made "wrong" the key itself: a flake).
    const wrong = `${apiKey.slice(0, -1)}${apiKey.endsWith("x") ? "y" : "x"}`;
    expect(wrong).not.toBe(apiKey);
    expectError(await withAuth("/v1/account", basic(wrong, "")), 401, { type: "authentication_error" });
  });

  it("refuse a Bearer header with anything after the key", async () => {
    expect((await withAuth("/v1/account", `Bearer ${apiKey}`)).status).toBe(200);
    for (const header of [`Bearer ${apiKey} trailing-junk`, `Bearer ${apiKey} ${apiKey}`, `Bearer  ${apiKey} x`]) {
      expectError(await withAuth("/v1/account", header), 401, { type: "authentication_error", code: "invalid_api_key" });
    }
    expectError(await withAuth("/api/invoices", `Bearer ${apiKey} junk`), 401, { type: "authentication_error" });
  });
});

/** Sends batches of 100 until one answers 429 (the binding's windows are fixed, so a window may end mid-run). */
async function untilLimited(request: () => Promise<{ status: number; headers: Headers; body: any }>) {
  const statuses: number[] = [];
  for (let batch = 0; batch < 14; batch++) {
    const results = await Promise.all(Array.from({ length: 100 }, request));
    statuses.push(...results.map((r) => r.status));
    const limited = results.find((r) => r.status === 429);
    if (limited) return { limited, statuses };
  }
  return { limited: undefined, statuses };
}

describe("failed authentications are rate limited", () => {
  it("by the key id a wrong secret claims", { timeout: 120_000 }, async () => {
    // A key of its own: the other tests' requests count in the same bucket.
    const victimKey = (await newAccount()).apiKey;
    const [, idBody] = /^sk_([0-9A-Za-z]+)_/.exec(victimKey)!;
    const wrong = `sk_${idBody}_${"x".repeat(43)}`;
    const { limited, statuses } = await untilLimited(() => withAuth("/v1/account", `Bearer ${wrong}`));
    expect(limited, "no 429 after 1,400 wrong secrets").toBeDefined();
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(600);
    expectError(limited!, 429, { type: "rate_limit_error", code: "rate_limited" });
    expect(limited!.headers.get("Retry-After")).toBe("60");
    // The key's own holder is throttled in the same window: the bucket is the key id.
    expect((await withAuth("/v1/account", `Bearer ${victimKey}`)).status).toBe(429);
  });

  it("by client address when the credentials cannot be read", { timeout: 120_000 }, async () => {
    const { limited } = await untilLimited(() => withAuth("/v1/account", "Bearer not-a-key", { "CF-Connecting-IP": "203.0.113.9" }));
    expect(limited, "no 429 after 1,400 malformed keys").toBeDefined();
    expectError(limited!, 429, { type: "rate_limit_error" });
    expectError(await withAuth("/v1/account", "Bearer not-a-key", { "CF-Connecting-IP": "198.51.100.7" }), 401, { type: "authentication_error" });
  });
});

describe("the limiter runs beside the key lookup", () => {
  it("starts the lookup before the limiter has answered", async () => {
    const events: string[] = [];
    const db = {
      select: () => ({
        from: () => ({
          where: () => ({
            limit: async () => {
              events.push("lookup");
              return [];
            },
          }),
        }),
      }),
    };
    const limiter = {
      limit: async () => {
        events.push("limit:start");
        await new Promise((resolve) => setTimeout(resolve, 25));
        events.push("limit:end");
        return { success: true };
      },
    };
    const app = new Hono<AppEnv>();
    app.use("*", async (c, next) => {
      c.set("db", db as never);
      await next();
    });
    app.use("*", authenticate);
    app.get("/", (c) => c.text("ok"));
    app.onError((err, c) => toErrorResponse(err, c));
    const res = await app.request("/", { headers: { Authorization: `Bearer ${apiKey}` } }, { API_RATE_LIMITER: limiter });
    expect(res.status).toBe(401);
    expect(events).toEqual(["limit:start", "lookup", "limit:end"]);
  });
});
