import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "../../src/domain/event-types";
import { type Api, expectError, keyWithScopes, newAccount } from "../helpers/api";
import { fetchWithBindings } from "../helpers/app-fetch";
import { loseAnswer } from "../helpers/lost-answer";

const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const hook = { url: "https://example.com/hook", enabled_events: ["invoice.paid"] };

async function endpointRow(id: string) {
  return env.DB.prepare("SELECT * FROM webhook_endpoints WHERE id = ?").bind(id).first<Record<string, unknown>>();
}

async function endpointCount(accountId: string) {
  return (await env.DB.prepare("SELECT count(*) AS n FROM webhook_endpoints WHERE account_id = ?").bind(accountId).first<{ n: number }>())!.n;
}

async function create(api: Api, body: Record<string, unknown> = hook) {
  const res = await api.post("/v1/webhook_endpoints", body);
  if (res.status !== 201) throw new Error(`endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe("webhook endpoints: happy paths", () => {
  it("creates an endpoint whose secret is shown on creation and never again", async () => {
    const { api } = await newAccount();
    const created = await api.post("/v1/webhook_endpoints", { ...hook, description: "Books", metadata: { team: "finance" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      object: "webhook_endpoint",
      url: "https://example.com/hook",
      enabled_events: ["invoice.paid"],
      description: "Books",
      metadata: { team: "finance" },
      status: "enabled",
      disabled_reason: null,
      secret_rotation: null,
    });
    expect(created.body.id).toMatch(/^whe_/);
    expect(created.body.secret).toMatch(SECRET);
    expect(created.body.created_at).toBe(created.body.updated_at);

    const fetched = await api.get(`/v1/webhook_endpoints/${created.body.id}`);
    expect(fetched.status).toBe(200);
    const { secret, ...shown } = created.body;
    expect(fetched.body).toEqual(shown);
    const list = await api.get("/v1/webhook_endpoints");
    expect(list.body.data).toEqual([shown]);
    expect(JSON.stringify(fetched.body) + JSON.stringify(list.body)).not.toContain(secret);
    expect((await endpointRow(created.body.id))!.secret).toBe(secret);
  });

  it("stores the URL as normalised, subscribes to every event with *, and drops duplicate types", async () => {
    const { api } = await newAccount();
    expect((await create(api, { url: "HTTPS://Example.COM/a b", enabled_events: ["*"] })).url).toBe("https://example.com/a%20b");
    expect((await create(api, { url: "https://example.com", enabled_events: ["*"] })).enabled_events).toEqual(["*"]);
    expect((await create(api, { ...hook, enabled_events: ["invoice.paid", "customer.created", "invoice.paid"] })).enabled_events).toEqual([
      "invoice.paid",
      "customer.created",
    ]);
    expect((await create(api, { ...hook, enabled_events: [...EVENT_TYPES] })).enabled_events).toEqual([...EVENT_TYPES]);
  });

  it("lists newest first, a page at a time, both ways", async () => {
    const { api } = await newAccount();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.unshift((await create(api, { ...hook, description: `n${i}` })).id);
    const first = await api.get("/v1/webhook_endpoints?limit=2");
    expect(first.body).toMatchObject({ object: "list", has_more: true, url: "/v1/webhook_endpoints" });
    expect(first.body.data.map((e: any) => e.id)).toEqual(ids.slice(0, 2));
    const second = await api.get(`/v1/webhook_endpoints?limit=2&starting_after=${ids[1]}`);
    expect(second.body.data.map((e: any) => e.id)).toEqual(ids.slice(2, 4));
    const last = await api.get(`/v1/webhook_endpoints?limit=2&starting_after=${ids[3]}`);
    expect(last.body).toMatchObject({ has_more: false });
    expect(last.body.data.map((e: any) => e.id)).toEqual(ids.slice(4));
    const back = await api.get(`/v1/webhook_endpoints?limit=2&ending_before=${ids[4]}`);
    expect(back.body.data.map((e: any) => e.id)).toEqual(ids.slice(2, 4));
    expect(back.body.has_more).toBe(true);
  });

  it("updates fields, merges metadata and clears the description with null", async () => {
    const { api } = await newAccount();
    const e = await create(api, { ...hook, description: "Old", metadata: { a: "1", b: "2" } });
    const res = await api.patch(`/v1/webhook_endpoints/${e.id}`, {
      url: "https://hooks.example.org/new",
      enabled_events: ["customer.created", "invoice.voided"],
      description: null,
      metadata: { a: "", c: "3" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      url: "https://hooks.example.org/new",
      enabled_events: ["customer.created", "invoice.voided"],
      description: null,
      metadata: { b: "2", c: "3" },
    });
    expect(res.body).not.toHaveProperty("secret");
    expect(res.body.updated_at > e.updated_at).toBe(true);
    expect((await api.get(`/v1/webhook_endpoints/${e.id}`)).body).toEqual(res.body);
    expect((await api.patch(`/v1/webhook_endpoints/${e.id}`, { description: "Kept" })).body).toMatchObject({
      url: "https://hooks.example.org/new",
      description: "Kept",
    });
  });

  it("disables and re-enables; re-enabling clears what the system recorded of the failures", async () => {
    const { api } = await newAccount();
    const e = await create(api);
    const disabled = await api.patch(`/v1/webhook_endpoints/${e.id}`, { status: "disabled" });
    expect(disabled.body).toMatchObject({ status: "disabled", disabled_reason: null });
    // As the delivery code leaves an endpoint it gave up on.
    await env.DB.prepare("UPDATE webhook_endpoints SET failing_since = ?, disabled_reason = ? WHERE id = ?")
      .bind("2026-01-01T00:00:00.000Z", "Every delivery failed for 5 days.", e.id)
      .run();
    expect((await api.get(`/v1/webhook_endpoints/${e.id}`)).body).toMatchObject({ status: "disabled", disabled_reason: "Every delivery failed for 5 days." });
    const enabled = await api.patch(`/v1/webhook_endpoints/${e.id}`, { status: "enabled" });
    expect(enabled.body).toMatchObject({ status: "enabled", disabled_reason: null });
    expect(await endpointRow(e.id)).toMatchObject({ status: "enabled", failing_since: null, disabled_reason: null });
  });

  it("keeps an enabled endpoint's failure count when it is 'enabled' again, and restarts it for a new URL", async () => {
    const { api } = await newAccount();
    const e = await create(api);
    await env.DB.prepare("UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?").bind("2026-01-01T00:00:00.000Z", e.id).run();
    await api.patch(`/v1/webhook_endpoints/${e.id}`, { status: "enabled", url: e.url });
    expect((await endpointRow(e.id))!.failing_since).toBe("2026-01-01T00:00:00.000Z");
    await api.patch(`/v1/webhook_endpoints/${e.id}`, { url: "https://example.com/other" });
    expect((await endpointRow(e.id))!.failing_since).toBeNull();
  });

  it("rotates the secret: the old one signs for 24 hours more, a second rotation replaces it", async () => {
    const { api } = await newAccount();
    const e = await create(api);
    const before = Date.now();
    const rotated = await api.post(`/v1/webhook_endpoints/${e.id}/rotate_secret`);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.secret).toMatch(SECRET);
    expect(rotated.body.secret).not.toBe(e.secret);
    expect(rotated.body).toMatchObject({ id: e.id, object: "webhook_endpoint", url: e.url });
    const expiresAt = Date.parse(rotated.body.secret_rotation.previous_expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + DAY_MS);
    const row = await endpointRow(e.id);
    expect(row).toMatchObject({
      secret: rotated.body.secret,
      previous_secret: e.secret,
      previous_secret_expires_at: rotated.body.secret_rotation.previous_expires_at,
    });

    const fetched = (await api.get(`/v1/webhook_endpoints/${e.id}`)).body;
    expect(fetched.secret_rotation).toEqual(rotated.body.secret_rotation);
    expect(JSON.stringify(fetched)).not.toContain(rotated.body.secret.slice(6));
    expect(JSON.stringify(fetched)).not.toContain(e.secret.slice(6));

    const again = (await api.post(`/v1/webhook_endpoints/${e.id}/rotate_secret`)).body;
    expect(await endpointRow(e.id)).toMatchObject({ secret: again.secret, previous_secret: rotated.body.secret });
  });

  it("shows no rotation once the previous secret has expired", async () => {
    const { api } = await newAccount();
    const e = await create(api);
    await api.post(`/v1/webhook_endpoints/${e.id}/rotate_secret`);
    await env.DB.prepare("UPDATE webhook_endpoints SET previous_secret_expires_at = ? WHERE id = ?").bind("2020-01-01T00:00:00.000Z", e.id).run();
    expect((await api.get(`/v1/webhook_endpoints/${e.id}`)).body.secret_rotation).toBeNull();
  });

  it("deletes an endpoint", async () => {
    const { api, accountId } = await newAccount();
    const e = await create(api);
    const res = await api.delete(`/v1/webhook_endpoints/${e.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: e.id, object: "webhook_endpoint", deleted: true });
    expect(await endpointCount(accountId)).toBe(0);
    expectError(await api.get(`/v1/webhook_endpoints/${e.id}`), 404, { code: "resource_missing" });
    expectError(await api.delete(`/v1/webhook_endpoints/${e.id}`), 404, { code: "resource_missing" });
  });

  it("accepts http and loopback receivers when WEBHOOK_ALLOW_INSECURE_URLS is true", async () => {
    const { apiKey, accountId } = await newAccount();
    const res = await fetchWithBindings({ WEBHOOK_ALLOW_INSECURE_URLS: "true" } as never, "POST", "/v1/webhook_endpoints", {
      apiKey,
      body: { url: "http://127.0.0.1:9999/hook", enabled_events: ["*"] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.url).toBe("http://127.0.0.1:9999/hook");
    expect(await endpointCount(accountId)).toBe(1);
  });
});

describe("webhook endpoints: errors", () => {
  it("refuses URLs that point at our side of the network, creating nothing", async () => {
    const { api, accountId } = await newAccount();
    const refused = [
      "http://example.com/hook",
      "https://127.0.0.1/x",
      "https://10.0.0.1/x",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/x",
      "https://localhost/x",
      "https://user:pass@example.com/x",
      "not a url",
    ];
    for (const url of refused) expectError(await api.post("/v1/webhook_endpoints", { ...hook, url }), 400, { param: "url" });
    expect(await endpointCount(accountId)).toBe(0);
    // A PATCH is held to the same rule.
    const e = await create(api);
    expectError(await api.patch(`/v1/webhook_endpoints/${e.id}`, { url: "https://192.168.1.1/x" }), 400, { param: "url" });
    expect((await endpointRow(e.id))!.url).toBe(hook.url);
  });

  it("refuses unknown event types, an empty list and * beside named types, naming enabled_events", async () => {
    const { api, accountId } = await newAccount();
    const unknown = expectError(await api.post("/v1/webhook_endpoints", { ...hook, enabled_events: ["invoice.paid", "invoice.exploded"] }), 400, {
      param: "enabled_events",
    });
    expect(unknown.message).toContain("invoice.exploded");
    expectError(await api.post("/v1/webhook_endpoints", { ...hook, enabled_events: [] }), 400, { param: "enabled_events" });
    expectError(await api.post("/v1/webhook_endpoints", { ...hook, enabled_events: ["*", "invoice.paid"] }), 400, { param: "enabled_events" });
    expectError(await api.post("/v1/webhook_endpoints", { url: hook.url }), 400, { param: "enabled_events" });
    expect(await endpointCount(accountId)).toBe(0);
    const e = await create(api);
    expectError(await api.patch(`/v1/webhook_endpoints/${e.id}`, { enabled_events: ["nope"] }), 400, { param: "enabled_events" });
    expect((await api.get(`/v1/webhook_endpoints/${e.id}`)).body.enabled_events).toEqual(["invoice.paid"]);
  });

  it("names the invalid field and refuses unknown ones", async () => {
    const { api } = await newAccount();
    expectError(await api.post("/v1/webhook_endpoints", { ...hook, description: "d".repeat(501) }), 400, { param: "description" });
    expectError(await api.post("/v1/webhook_endpoints", { ...hook, metadata: { ["k".repeat(41)]: "v" } }), 400, { param: `metadata.${"k".repeat(41)}` });
    for (const field of ["id", "secret", "status", "account_id", "previous_secret"])
      expectError(await api.post("/v1/webhook_endpoints", { ...hook, [field]: "x" }), 400, { code: "parameter_unknown", param: field });
    const e = await create(api);
    expectError(await api.patch(`/v1/webhook_endpoints/${e.id}`, { status: "paused" }), 400, { param: "status" });
    expectError(await api.patch(`/v1/webhook_endpoints/${e.id}`, { secret: "whsec_mine" }), 400, { code: "parameter_unknown", param: "secret" });
    expectError(await api.get("/v1/webhook_endpoints?status=enabled"), 400, { code: "parameter_unknown", param: "status" });
    expectError(await api.get("/v1/webhook_endpoints?starting_after=whe_nope"), 400, { param: "starting_after" });
  });

  it("keeps metadata to 50 keys across merges", async () => {
    const { api } = await newAccount();
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    const e = await create(api, { ...hook, metadata: fifty });
    expectError(await api.patch(`/v1/webhook_endpoints/${e.id}`, { metadata: { one_more: "v" } }), 400, { param: "metadata" });
    expect((await api.patch(`/v1/webhook_endpoints/${e.id}`, { metadata: { k0: "", one_more: "v" } })).status).toBe(200);
  });

  it("allows 16 endpoints per account, and one more after a delete", async () => {
    const { api, accountId } = await newAccount();
    const made = await Promise.all(Array.from({ length: 16 }, () => create(api)));
    const refused = expectError(await api.post("/v1/webhook_endpoints", hook), 400, { code: "webhook_endpoint_limit_reached" });
    expect(refused.message).toMatch(/at most 16/);
    expect(await endpointCount(accountId)).toBe(16);
    await api.delete(`/v1/webhook_endpoints/${made[0].id}`);
    expect((await api.post("/v1/webhook_endpoints", hook)).status).toBe(201);
  });

  it("never passes the cap, even with creations at once", async () => {
    const { api, accountId } = await newAccount();
    const results = await Promise.all(Array.from({ length: 20 }, () => api.post("/v1/webhook_endpoints", hook)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(16);
    expect(results.filter((r) => r.status === 400)).toHaveLength(4);
    expect(await endpointCount(accountId)).toBe(16);
  });
});

describe("webhook endpoints: idempotency", () => {
  it("creates once per Idempotency-Key and does not replay the secret", async () => {
    const { api, accountId } = await newAccount();
    const first = await api.post("/v1/webhook_endpoints", hook, { "Idempotency-Key": "hook-1" });
    expect(first.status).toBe(201);
    const stored = await env.DB.prepare("SELECT response_body FROM idempotency_keys WHERE account_id = ? AND key = 'hook-1'")
      .bind(accountId)
      .first<{ response_body: string }>();
    expect(stored!.response_body).not.toContain(first.body.secret.slice(6));
    const replay = await api.post("/v1/webhook_endpoints", hook, { "Idempotency-Key": "hook-1" });
    expectError(replay, 409, { code: "secret_not_replayed" });
    expect(JSON.stringify(replay.body)).not.toContain(first.body.secret.slice(6));
    expect(await endpointCount(accountId)).toBe(1);
  });

  it("answers a retry whose first answer was lost with the endpoint it made, secret included", async () => {
    const { api, accountId } = await newAccount();
    const first = await api.post("/v1/webhook_endpoints", hook, { "Idempotency-Key": "hook-lost" });
    expect(first.status).toBe(201);
    await loseAnswer(accountId, "hook-lost");
    const retry = await api.post("/v1/webhook_endpoints", hook, { "Idempotency-Key": "hook-lost" });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await endpointCount(accountId)).toBe(1);
  });

  it("treats a key reused after its 24 h as a new request: a new endpoint from the new body, not the old one's current secret", async () => {
    const { api, accountId } = await newAccount();
    const key = { "Idempotency-Key": "create-hook-1" };
    const created = await api.post("/v1/webhook_endpoints", { url: "https://hooks.example.com/a", enabled_events: ["*"] }, key);
    expect(created.status).toBe(201);
    const rotated = await api.post(`/v1/webhook_endpoints/${created.body.id}/rotate_secret`);
    expect(rotated.status).toBe(200);
    // A day and an hour later: the key has expired and the endpoint it made is that old.
    const past = new Date(Date.now() - DAY_MS - 3_600_000).toISOString();
    await env.DB.prepare("UPDATE idempotency_keys SET expires_at = ? WHERE account_id = ?").bind(past, accountId).run();
    await env.DB.prepare("UPDATE webhook_endpoints SET created_at = ? WHERE id = ?").bind(past, created.body.id).run();
    const again = await api.post("/v1/webhook_endpoints", { url: "https://other.example.com/b", enabled_events: ["invoice.paid"] }, key);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.id).not.toBe(created.body.id);
    expect(again.body).toMatchObject({ url: "https://other.example.com/b", enabled_events: ["invoice.paid"] });
    expect(again.body.secret).toMatch(SECRET);
    expect(again.body.secret).not.toBe(rotated.body.secret);
    expect(await endpointCount(accountId)).toBe(2);
  });

  it("does not replay a rotation's secret", async () => {
    const { api } = await newAccount();
    const e = await create(api);
    const rotated = await api.post(`/v1/webhook_endpoints/${e.id}/rotate_secret`, {}, { "Idempotency-Key": "rot-1" });
    expect(rotated.status).toBe(200);
    expectError(await api.post(`/v1/webhook_endpoints/${e.id}/rotate_secret`, {}, { "Idempotency-Key": "rot-1" }), 409, { code: "secret_not_replayed" });
    expect((await endpointRow(e.id))!.secret).toBe(rotated.body.secret);
  });
});

describe("webhook endpoints: security", () => {
  it("answers 404 for another account's endpoint on every route and changes nothing", async () => {
    const victim = await newAccount({ name: "Victim" });
    const attacker = await newAccount({ name: "Mallory" });
    const e = await create(victim.api);
    const before = await endpointRow(e.id);
    const path = `/v1/webhook_endpoints/${e.id}`;
    for (const res of [
      await attacker.api.get(path),
      await attacker.api.patch(path, { url: "https://evil.example/steal", status: "disabled" }),
      await attacker.api.post(`${path}/rotate_secret`),
      await attacker.api.delete(path),
    ])
      expectError(res, 404, { type: "not_found_error", code: "resource_missing" });
    expect(await endpointRow(e.id)).toEqual(before);
    expect((await attacker.api.get("/v1/webhook_endpoints")).body.data).toEqual([]);
    expectError(await attacker.api.get(`/v1/webhook_endpoints?starting_after=${e.id}`), 400, { param: "starting_after" });
  });

  it("needs webhooks:write for every route, reads included", async () => {
    const { api, accountId } = await newAccount();
    const e = await create(api);
    const weak = await keyWithScopes(accountId, ["invoices:write", "customers:write", "account:write", "keys:write"]);
    const path = `/v1/webhook_endpoints/${e.id}`;
    for (const res of [
      await weak.post("/v1/webhook_endpoints", hook),
      await weak.get("/v1/webhook_endpoints"),
      await weak.get(path),
      await weak.patch(path, { status: "disabled" }),
      await weak.post(`${path}/rotate_secret`),
      await weak.delete(path),
    ])
      expectError(res, 403, { type: "permission_error", code: "missing_scope" });
    expect(await endpointCount(accountId)).toBe(1);
    expect((await endpointRow(e.id))!.secret).toBe(e.secret);
    const allowed = await keyWithScopes(accountId, ["webhooks:write"]);
    expect((await allowed.get(path)).status).toBe(200);
  });
});
