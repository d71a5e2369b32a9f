import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/auth/api-key-token";
import { apiClient, expectError, keyWithScopes, newAccount, rawFetch } from "../helpers/api";

async function keyRow(id: string) {
  return env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(id).first<Record<string, unknown>>();
}

describe("api keys: happy paths", () => {
  it("creates a key whose secret is shown once and stored only as a hash", async () => {
    const { api } = await newAccount();
    const created = await api.post("/v1/api_keys", { name: "ci", scopes: ["invoices:read", "invoices:write"] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key = created.body;
    expect(key).toMatchObject({ object: "api_key", name: "ci", scopes: ["invoices:read", "invoices:write"], last_used_at: null, revoked_at: null });
    expect(key.id).toMatch(/^key_/);
    expect(key.secret).toMatch(/^sk_[0-9A-Za-z]+_[0-9A-Za-z]{20,}$/);
    expect(key.secret.endsWith(key.key_secret)).toBe(true);
    expect(key.last_four).toBe(key.key_secret.slice(-4));

    const row = await keyRow(key.id);
    expect(row).not.toBeNull();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(key.key_secret);
    expect(stored).not.toContain(key.secret);
    expect(row!.secret_hash).toBe(await sha256Hex(key.key_secret));

    // Listing never shows it again.
    const list = await api.get("/v1/api_keys");
    expect(list.status).toBe(200);
    const listed = list.body.data.find((k: any) => k.id === key.id);
    expect(listed).toMatchObject({ id: key.id, name: "ci", last_four: key.last_four });
    expect(listed).not.toHaveProperty("secret");
    expect(listed).not.toHaveProperty("key_secret");
    expect(listed).not.toHaveProperty("secret_hash");
    expect(JSON.stringify(list.body)).not.toContain(key.key_secret);
  });

  it("lists the account's keys, newest first, including the default one", async () => {
    const { api, keyId } = await newAccount();
    const created = await api.post("/v1/api_keys", { scopes: ["customers:read"] });
    const ids = (await api.get("/v1/api_keys")).body.data.map((k: any) => k.id);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(keyId);
    expect(ids).toContain(created.body.id);
  });

  it("authenticates with the new key as Bearer and as Basic (key id : secret)", async () => {
    const { api, accountId } = await newAccount();
    const key = (await api.post("/v1/api_keys", { scopes: ["invoices:read"] })).body;
    const bearer = await apiClient(key.secret).get("/v1/account");
    expect(bearer.status).toBe(200);
    expect(bearer.body.id).toBe(accountId);
    const basic = await rawFetch("/v1/account", { headers: { Authorization: `Basic ${btoa(`${key.id}:${key.key_secret}`)}` } });
    expect(basic.status).toBe(200);
    expect(basic.body.id).toBe(accountId);
  });

  it("records last_used_at when a key is used", async () => {
    const { api } = await newAccount();
    const key = (await api.post("/v1/api_keys", { scopes: ["invoices:read"] })).body;
    expect((await keyRow(key.id))!.last_used_at).toBeNull();
    const before = new Date().toISOString();
    expect((await apiClient(key.secret).get("/v1/account")).status).toBe(200);
    // Written through waitUntil after the response; give it a moment.
    let lastUsed: unknown = null;
    for (let i = 0; i < 50 && !lastUsed; i++) {
      lastUsed = (await keyRow(key.id))!.last_used_at;
      if (!lastUsed) await new Promise((r) => setTimeout(r, 20));
    }
    expect(typeof lastUsed).toBe("string");
    expect((lastUsed as string) >= before).toBe(true);
    const listed = (await api.get("/v1/api_keys")).body.data.find((k: any) => k.id === key.id);
    expect(listed.last_used_at).toBe(lastUsed);
  });

  it("revokes a key: it stops working at once and shows revoked_at", async () => {
    const { api } = await newAccount();
    const key = (await api.post("/v1/api_keys", { scopes: ["*"] })).body;
    const client = apiClient(key.secret);
    expect((await client.get("/v1/account")).status).toBe(200);
    const revoked = await api.delete(`/v1/api_keys/${key.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: key.id, object: "api_key" });
    expect(revoked.body.revoked_at).toMatch(/Z$/);
    const after = await client.get("/v1/account");
    expectError(after, 401, { type: "authentication_error" });
    expect(after.headers.get("WWW-Authenticate")).toMatch(/Bearer/);
    const basic = await rawFetch("/v1/account", { headers: { Authorization: `Basic ${btoa(`${key.id}:${key.key_secret}`)}` } });
    expect(basic.status).toBe(401);
  });
});

describe("api keys: errors", () => {
  it("names the invalid field and refuses unknown ones", async () => {
    const { api } = await newAccount();
    expectError(await api.post("/v1/api_keys", {}), 400, { param: "scopes" });
    expectError(await api.post("/v1/api_keys", { scopes: [] }), 400, { param: "scopes" });
    expectError(await api.post("/v1/api_keys", { scopes: ["invoices:delete"] }), 400, { param: "scopes.0" });
    expectError(await api.post("/v1/api_keys", { scopes: ["*"], name: "n".repeat(101) }), 400, { param: "name" });
    for (const field of ["id", "secret", "secret_hash", "account_id", "last_used_at"])
      expectError(await api.post("/v1/api_keys", { scopes: ["*"], [field]: "x" }), 400, { code: "parameter_unknown", param: field });
  });

  it("answers 404 for an unknown key and for one already revoked", async () => {
    const { api } = await newAccount();
    expectError(await api.delete("/v1/api_keys/key_doesnotexist"), 404, { code: "resource_missing" });
    const key = (await api.post("/v1/api_keys", { scopes: ["*"] })).body;
    expect((await api.delete(`/v1/api_keys/${key.id}`)).status).toBe(200);
    expectError(await api.delete(`/v1/api_keys/${key.id}`), 404, { code: "resource_missing" });
  });
});

describe("api keys: security", () => {
  it("needs keys:write for every key route", async () => {
    const { accountId, keyId } = await newAccount();
    const weak = await keyWithScopes(accountId, ["invoices:write", "customers:write", "account:write"]);
    expectError(await weak.get("/v1/api_keys"), 403, { type: "permission_error", code: "missing_scope" });
    expectError(await weak.post("/v1/api_keys", { scopes: ["*"] }), 403, { code: "missing_scope" });
    expectError(await weak.delete(`/v1/api_keys/${keyId}`), 403, { code: "missing_scope" });
    expect((await keyRow(keyId))!.revoked_at).toBeNull();
  });

  it("does not let a key mint a key with scopes it does not hold", async () => {
    const { accountId } = await newAccount();
    const keyAdmin = await keyWithScopes(accountId, ["keys:write", "invoices:read"]);
    const res = await keyAdmin.post("/v1/api_keys", { scopes: ["*"] });
    expectError(res, 403, { type: "permission_error", param: "scopes" });
    expectError(await keyAdmin.post("/v1/api_keys", { scopes: ["invoices:write"] }), 403, { param: "scopes" });
    expect((await keyAdmin.post("/v1/api_keys", { scopes: ["invoices:read"] })).status).toBe(201);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM api_keys WHERE account_id = ?").bind(accountId).first<{ n: number }>();
    expect(count!.n).toBe(3); // default, keyAdmin, and the one it was allowed to create
  });

  it("cannot see or revoke another account's keys", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const listed = (await a.api.get("/v1/api_keys")).body.data.map((k: any) => k.id);
    expect(listed).not.toContain(b.keyId);
    expectError(await a.api.delete(`/v1/api_keys/${b.keyId}`), 404, { code: "resource_missing" });
    expect((await keyRow(b.keyId))!.revoked_at).toBeNull();
    expect((await b.api.get("/v1/account")).status).toBe(200);
  });
});
