import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  apiClient,
  createCustomer,
  createDraft,
  createFinalized,
  expectError,
  keyWithScopes,
  newAccount,
  rawFetch,
  seedInvoiceBody,
  type Api,
} from "../helpers/api";
import { seedEndpoint } from "../helpers/webhook-receiver";

type Operation = { method: string; path: string };

/**
 * Every keyed operation the OpenAPI document lists (the /v1 API and the Sequence surface at
 * /api, which also takes Bearer keys), so a new route is covered when it lands. Webhook
 * receivers are signed, not keyed, and have their own tests.
 */
async function v1Operations(): Promise<Operation[]> {
  const doc: any = await (await exports.default.fetch("https://api.test/openapi.json")).json();
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .filter(([path]) => (path.startsWith("/v1/") || path.startsWith("/api/")) && !path.startsWith("/v1/hooks/"))
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
}

/** A body each write accepts, so that validation cannot answer before the check under test. */
function bodyFor(op: Operation, ids: { invoice?: string; customer?: string }): unknown {
  if (op.method === "GET" || op.method === "DELETE") return undefined;
  if (op.path.endsWith("/payments") && op.path.includes("{id}")) return { amount: 1 };
  if (op.path === "/v1/payments") return { invoice_id: ids.invoice ?? "inv_x", amount: 1 };
  if (op.path === "/v1/customers/{id}") return { name: "Changed" };
  if (op.path === "/v1/invoices/{id}") return { notes: "Changed" };
  if (op.path === "/v1/customers") return { name: "New" };
  if (op.path === "/v1/invoices") return seedInvoiceBody(ids.customer ?? "cust_x");
  if (op.path === "/v1/api_keys") return { scopes: ["invoices:read"] };
  if (op.path === "/v1/account") return { name: "Changed" };
  if (op.path === "/v1/webhook_endpoints") return { url: "https://example.com/hook", enabled_events: ["*"] };
  if (op.path === "/v1/webhook_endpoints/{id}") return { status: "disabled" };
  if (op.path === "/v1/invoice_schedules") return scheduleBody(ids.customer ?? "cust_x");
  if (op.path === "/v1/invoice_schedules/{id}") return { memo: "Changed" };
  if (op.path === "/v1/credit_notes" || op.path === "/v1/credit_notes/preview") return { invoice_id: ids.invoice ?? "inv_x", amount: 100, reason: "other" };
  return {};
}

/** A schedule whose first period lies ahead, so no runner issues anything while the test runs. */
const scheduleBody = (customerId: string) => ({
  customer_id: customerId,
  interval: "month",
  start_date: "2030-01-01",
  line_items: [{ description: "Retainer", quantity: 1, unit_price: 1000 }],
});

function call(api: Api, method: string, path: string, body?: unknown) {
  if (method === "GET") return api.get(path);
  if (method === "DELETE") return api.delete(path);
  if (method === "PATCH") return api.patch(path, body);
  return api.post(path, body);
}

describe("another account's objects", () => {
  let attacker: Awaited<ReturnType<typeof newAccount>>;
  let victim: Awaited<ReturnType<typeof newAccount>>;
  const theirs = { customer: "", draft: "", final: "", key: "", event: "", endpoint: "", note: "", schedule: "" };

  /** Everything the victim can see, to compare after the attack. */
  async function victimState() {
    const api = victim.api;
    return {
      customer: (await api.get(`/v1/customers/${theirs.customer}`)).body,
      draft: (await api.get(`/v1/invoices/${theirs.draft}`)).body,
      final: (await api.get(`/v1/invoices/${theirs.final}`)).body,
      draftEvents: (await api.get(`/v1/invoices/${theirs.draft}/events`)).body,
      finalEvents: (await api.get(`/v1/invoices/${theirs.final}/events`)).body,
      payments: (await api.get(`/v1/invoices/${theirs.final}/payments`)).body,
      note: (await api.get(`/v1/credit_notes/${theirs.note}`)).body,
      notes: (await api.get("/v1/credit_notes?limit=100")).body,
      schedule: (await api.get(`/v1/invoice_schedules/${theirs.schedule}`)).body,
      schedules: (await api.get("/v1/invoice_schedules?limit=100")).body,
      keys: (await api.get("/v1/api_keys")).body,
      endpoints: (await api.get("/v1/webhook_endpoints")).body,
      invoices: (await api.get("/v1/invoices?limit=100")).body,
      customers: (await api.get("/v1/customers?limit=100")).body,
      events: (await api.get("/v1/events?limit=100")).body,
    };
  }

  beforeAll(async () => {
    attacker = await newAccount({ name: "Mallory" });
    victim = await newAccount({ name: "Victim" });
    theirs.customer = await createCustomer(victim.api);
    theirs.draft = (await createDraft(victim.api, theirs.customer)).id;
    theirs.final = (await createFinalized(victim.api, theirs.customer)).id;
    await victim.api.post(`/v1/invoices/${theirs.final}/payments`, { amount: 1000 });
    theirs.note = (await victim.api.post("/v1/credit_notes", { invoice_id: theirs.final, amount: 100, reason: "other" })).body.id;
    theirs.schedule = (await victim.api.post("/v1/invoice_schedules", scheduleBody(theirs.customer))).body.id;
    theirs.key = victim.keyId;
    theirs.event = (await victim.api.get("/v1/events?limit=1")).body.data[0].id;
    // Disabled, so the test worker's own queue consumer never sends it anything.
    theirs.endpoint = (await seedEndpoint(victim.accountId, { status: "disabled" })).id;
  });

  it("answers 404 on every id-bearing route and changes nothing", async () => {
    const before = await victimState();
    const ops = (await v1Operations()).filter((op) => op.path.includes("{id}"));
    expect(ops.length).toBeGreaterThanOrEqual(14);
    const idsFor = (path: string): string[] => {
      if (path.startsWith("/v1/customers/")) return [theirs.customer];
      if (path.startsWith("/v1/invoices/") || path.startsWith("/api/invoices/")) return [theirs.draft, theirs.final];
      if (path.startsWith("/v1/api_keys/")) return [theirs.key];
      if (path.startsWith("/v1/events/")) return [theirs.event];
      if (path.startsWith("/v1/webhook_endpoints/")) return [theirs.endpoint];
      if (path.startsWith("/v1/credit_notes/")) return [theirs.note];
      if (path.startsWith("/v1/invoice_schedules/")) return [theirs.schedule];
      throw new Error(`id-bearing route ${path} has no case here; add one`);
    };
    for (const op of ops) {
      for (const id of idsFor(op.path)) {
        // The e-invoice export needs its format before it looks the invoice up.
        const query = op.path.endsWith("/e-invoice") ? "?format=ubl" : "";
        const res = await call(attacker.api, op.method, `${op.path.replace("{id}", id)}${query}`, bodyFor(op, {}));
        expect(res.status, `${op.method} ${op.path} with ${id}: ${JSON.stringify(res.body)}`).toBe(404);
        if (res.headers.get("Content-Type")?.includes("json")) expectError(res, 404, { type: "not_found_error" });
      }
    }
    expect(await victimState()).toEqual(before);
    // The victim's key still works.
    expect((await victim.api.get("/v1/account")).body.name).toBe("Victim");
  });

  it("refuses another account's ids named in a body or a cursor (400), never acting on them", async () => {
    const before = await victimState();
    expectError(await attacker.api.post("/v1/payments", { invoice_id: theirs.final, amount: 1 }), 400, { param: "invoice_id" });
    expectError(await attacker.api.post("/v1/invoices", seedInvoiceBody(theirs.customer)), 400, { param: "customer_id" });
    for (const path of ["/v1/credit_notes", "/v1/credit_notes/preview"])
      expectError(await attacker.api.post(path, { invoice_id: theirs.final, amount: 100, reason: "other" }), 400, { param: "invoice_id" });
    expectError(await attacker.api.get(`/v1/credit_notes?starting_after=${theirs.note}`), 400, { param: "starting_after" });
    expectError(await attacker.api.post("/v1/invoice_schedules", scheduleBody(theirs.customer)), 400, { param: "customer_id" });
    expectError(await attacker.api.get(`/v1/invoice_schedules?starting_after=${theirs.schedule}`), 400, { param: "starting_after" });
    const mine = await createDraft(attacker.api, await createCustomer(attacker.api));
    expectError(await attacker.api.patch(`/v1/invoices/${mine.id}`, { customer_id: theirs.customer }), 400, { param: "customer_id" });
    expect((await attacker.api.get(`/v1/invoices/${mine.id}`)).body.customer_id).toBe(mine.customer_id);
    expectError(await attacker.api.get(`/v1/invoices?starting_after=${theirs.final}`), 400, { param: "starting_after" });
    expectError(await attacker.api.get(`/v1/customers?ending_before=${theirs.customer}`), 400, { param: "ending_before" });
    expect((await attacker.api.get(`/v1/invoices?customer_id=${theirs.customer}`)).body.data).toEqual([]);
    expect(await victimState()).toEqual(before);
  });

  it("lists only the caller's own objects", async () => {
    const ids = (list: any) => list.data.map((o: any) => o.id);
    expect(ids((await attacker.api.get("/v1/invoices?limit=100")).body)).not.toContain(theirs.final);
    expect(ids((await attacker.api.get("/v1/customers?limit=100")).body)).not.toContain(theirs.customer);
    expect(ids((await attacker.api.get("/v1/api_keys")).body)).not.toContain(theirs.key);
    expect(ids((await attacker.api.get("/v1/events?limit=100")).body)).not.toContain(theirs.event);
    expect((await attacker.api.get(`/v1/events?object_id=${theirs.final}`)).body.data).toEqual([]);
    expectError(await attacker.api.get(`/v1/events?starting_after=${theirs.event}`), 400, { param: "starting_after" });
    expect(ids((await attacker.api.get("/v1/webhook_endpoints")).body)).not.toContain(theirs.endpoint);
    expect(ids((await attacker.api.get("/v1/credit_notes?limit=100")).body)).not.toContain(theirs.note);
    expect((await attacker.api.get(`/v1/credit_notes?invoice_id=${theirs.final}`)).body.data).toEqual([]);
    expect((await attacker.api.get(`/v1/credit_notes?customer_id=${theirs.customer}`)).body.data).toEqual([]);
  });
});

describe("scopes", () => {
  it("answers 403 on every route family to a key without its scope, and runs nothing", async () => {
    const { api, accountId } = await newAccount();
    const customer = await createCustomer(api);
    const inv = await createFinalized(api, customer);
    const ops = await v1Operations();
    const ids = { invoice: inv.id, customer };
    const path = (op: Operation) =>
      op.path.replace("{id}", op.path.startsWith("/v1/customers") ? customer : op.path.startsWith("/v1/api_keys") ? "key_x" : inv.id);
    expect(ops.some((op) => op.path.startsWith("/api/"))).toBe(true);

    // account:write opens nothing but the account.
    const accountOnly = await keyWithScopes(accountId, ["account:write"]);
    for (const op of ops) {
      if (op.path === "/v1/account" || op.path.startsWith("/v1/account/")) continue;
      const res = await call(accountOnly, op.method, path(op), bodyFor(op, ids));
      expect(res.status, `${op.method} ${op.path}: ${JSON.stringify(res.body)}`).toBe(403);
      expectError(res, 403, { type: "permission_error", code: "missing_scope" });
    }
    // Read scopes never write.
    const readOnly = await keyWithScopes(accountId, ["invoices:read", "customers:read"]);
    for (const op of ops.filter((o) => o.method !== "GET")) {
      const res = await call(readOnly, op.method, path(op), bodyFor(op, ids));
      expect(res.status, `${op.method} ${op.path}: ${JSON.stringify(res.body)}`).toBe(403);
    }
    const after = (await api.get(`/v1/invoices/${inv.id}`)).body;
    expect(after).toMatchObject({ status: "finalized", amount_paid: 0, notes: null, sent_at: null });
    expect((await api.get("/v1/account")).body.name).toBe("Stateset");
    expect((await api.get("/v1/customers?limit=100")).body.data).toHaveLength(1);
  });
});

describe("authentication", () => {
  it("answers 401 with the envelope and WWW-Authenticate to no, garbage, unknown, wrong-scheme and revoked credentials", async () => {
    const { api, keyId } = await newAccount();
    const revoked = (await api.post("/v1/api_keys", { scopes: ["*"] })).body;
    await api.delete(`/v1/api_keys/${revoked.id}`);
    const realSecretOtherId = `Bearer sk_${"A".repeat(22)}_${revoked.key_secret}`;
    const headers: (Record<string, string> | undefined)[] = [
      undefined,
      { Authorization: "" },
      { Authorization: "Bearer" },
      { Authorization: "Bearer garbage" },
      { Authorization: `Bearer sk_${"x".repeat(22)}_${"y".repeat(43)}` },
      { Authorization: realSecretOtherId },
      { Authorization: `Token ${revoked.secret}` },
      { Authorization: `Bearer ${revoked.secret}` },
      { Authorization: `Basic ${btoa(`${revoked.id}:${revoked.key_secret}`)}` },
      { Authorization: `Basic ${btoa(`${keyId}:${"z".repeat(43)}`)}` },
      { Authorization: "Basic !!!not-base64" },
    ];
    for (const h of headers) {
      const res = await rawFetch("/v1/invoices", { headers: h });
      expectError(res, 401, { type: "authentication_error" });
      expect(res.headers.get("WWW-Authenticate"), JSON.stringify(h)).toMatch(/Bearer/);
    }
  });

  it("answers 401 on every /v1 route without a key", async () => {
    for (const op of await v1Operations()) {
      const res = await rawFetch(op.path.replace("{id}", "x_1"), {
        method: op.method,
        headers: { "Content-Type": "application/json" },
        body: op.method === "GET" || op.method === "DELETE" ? undefined : "{}",
      });
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toBeTruthy();
    }
  });

  it("ignores an account id the client tries to choose", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const res = await apiClient(a.apiKey).get("/v1/account", { "Stripe-Account": b.accountId, "X-Account-Id": b.accountId });
    expect(res.body.id).toBe(a.accountId);
  });
});
