import { describe, expect, it } from "vitest";
import { createCustomer, createDraft, expectError, keyWithScopes, newAccount, seedCustomer } from "../helpers/api";

const fullCustomer = {
  name: "Acme Corporation",
  legal_name: "Acme Corporation Inc.",
  email: "billing@acme.com",
  phone: "+1 415 555 0100",
  billing_address: { line1: "123 Business St", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" },
  shipping_address: { line1: "1 Dock Rd", line2: "Bay 4", city: "Oakland", state: "CA", postal_code: "94607", country: "US" },
  tax_id: "US123456789",
  tax_status: "exempt",
  locale: "en-US",
  timezone: "America/Los_Angeles",
  metadata: { crm_id: "crm_42" },
};

describe("customers: happy paths", () => {
  it("creates a customer with every field and retrieves it", async () => {
    const { api } = await newAccount();
    const created = await api.post("/v1/customers", fullCustomer);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ object: "customer", ...fullCustomer });
    expect(created.body.id).toMatch(/^cust_/);
    expect(created.body.created_at).toMatch(/Z$/);
    const got = await api.get(`/v1/customers/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
  });

  it("defaults what is not given: taxed, no addresses, empty metadata", async () => {
    const { api } = await newAccount();
    const created = await api.post("/v1/customers", { name: "Bare Ltd" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Bare Ltd", tax_status: "taxed", email: null, billing_address: null, metadata: {} });
  });

  it("lists newest first with cursor pagination both ways and an email filter", async () => {
    const { api } = await newAccount();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createCustomer(api, { name: `C${i}`, email: i === 2 ? "two@example.com" : `c${i}@example.com` }));
    // Customers created within one millisecond tie on created_at and fall back to id order.
    const all = await api.get("/v1/customers?limit=100");
    expect(all.body.has_more).toBe(false);
    const newestFirst: string[] = all.body.data.map((c: any) => c.id);
    expect([...newestFirst].sort()).toEqual([...ids].sort());
    const keys = all.body.data.map((c: any) => `${c.created_at} ${c.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(all.body.data[0].created_at >= all.body.data[4].created_at).toBe(true);

    const page1 = await api.get("/v1/customers?limit=2");
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ object: "list", has_more: true, url: "/v1/customers" });
    expect(page1.body.data.map((c: any) => c.id)).toEqual(newestFirst.slice(0, 2));

    const page2 = await api.get(`/v1/customers?limit=2&starting_after=${page1.body.data[1].id}`);
    expect(page2.body.data.map((c: any) => c.id)).toEqual(newestFirst.slice(2, 4));
    expect(page2.body.has_more).toBe(true);
    const page3 = await api.get(`/v1/customers?limit=2&starting_after=${page2.body.data[1].id}`);
    expect(page3.body.data.map((c: any) => c.id)).toEqual(newestFirst.slice(4));
    expect(page3.body.has_more).toBe(false);

    const back = await api.get(`/v1/customers?limit=2&ending_before=${page3.body.data[0].id}`);
    expect(back.body.data.map((c: any) => c.id)).toEqual(newestFirst.slice(2, 4));
    expect(back.body.has_more).toBe(true);

    const filtered = await api.get("/v1/customers?email=two@example.com");
    expect(filtered.body.data.map((c: any) => c.id)).toEqual([ids[2]]);
  });

  it('updates fields, merges metadata and removes a key set to ""', async () => {
    const { api } = await newAccount();
    const id = await createCustomer(api, { metadata: { a: "1", b: "2" } });
    const patched = await api.patch(`/v1/customers/${id}`, { name: "Acme Two", email: null, tax_status: "reverse_charge", metadata: { b: "", c: "3" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ id, name: "Acme Two", email: null, tax_status: "reverse_charge", metadata: { a: "1", c: "3" } });
    expect(patched.body.billing_address).toEqual(seedCustomer.billing_address);
    expect((await api.get(`/v1/customers/${id}`)).body).toEqual(patched.body);
  });

  it("deletes a customer without invoices", async () => {
    const { api } = await newAccount();
    const id = await createCustomer(api);
    const deleted = await api.delete(`/v1/customers/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id, object: "customer", deleted: true });
    expectError(await api.get(`/v1/customers/${id}`), 404, { type: "not_found_error", code: "resource_missing" });
  });
});

describe("customers: errors", () => {
  it("requires a name", async () => {
    const { api } = await newAccount();
    expectError(await api.post("/v1/customers", { email: "x@example.com" }), 400, { type: "invalid_request_error", param: "name" });
    expectError(await api.post("/v1/customers", { name: "  " }), 400, { param: "name" });
  });

  it("names the invalid field", async () => {
    const { api } = await newAccount();
    const cases: [Record<string, unknown>, string][] = [
      [{ email: "not-an-email" }, "email"],
      [{ tax_status: "sometimes" }, "tax_status"],
      [{ timezone: "Mars/Olympus" }, "timezone"],
      [{ locale: "not a locale!" }, "locale"],
      [{ billing_address: { city: "No line1" } }, "billing_address.line1"],
      [{ billing_address: { line1: "x", country: "USA" } }, "billing_address.country"],
      [{ metadata: { ["k".repeat(41)]: "v" } }, "metadata"],
      [{ metadata: { k: "v".repeat(501) } }, "metadata.k"],
      [{ metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "metadata"],
    ];
    for (const [fields, param] of cases) {
      const res = await api.post("/v1/customers", { name: "X", ...fields });
      const error = expectError(res, 400, { type: "invalid_request_error" });
      expect(error.param?.startsWith(param), `${JSON.stringify(fields)} → ${error.param}`).toBe(true);
    }
  });

  it("refuses unknown fields, including ids, the account and timestamps, as parameter_unknown", async () => {
    const { api } = await newAccount();
    for (const field of ["id", "account_id", "object", "created_at", "colour"])
      expectError(await api.post("/v1/customers", { name: "X", [field]: "y" }), 400, { code: "parameter_unknown", param: field });
    expectError(await api.post("/v1/customers", { name: "X", billing_address: { line1: "x", planet: "Earth" } }), 400, {
      code: "parameter_unknown",
      param: "billing_address.planet",
    });
    const id = await createCustomer(api);
    expectError(await api.patch(`/v1/customers/${id}`, { account_id: "acct_other" }), 400, { code: "parameter_unknown", param: "account_id" });
  });

  it("refuses a metadata merge that would pass 50 keys", async () => {
    const { api } = await newAccount();
    const id = await createCustomer(api, { metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) });
    expectError(await api.patch(`/v1/customers/${id}`, { metadata: { one_more: "v" } }), 400, { param: "metadata" });
  });

  it("answers 404 for an unknown id on every id route", async () => {
    const { api } = await newAccount();
    const missing = "cust_doesnotexist";
    expectError(await api.get(`/v1/customers/${missing}`), 404, { code: "resource_missing" });
    expectError(await api.patch(`/v1/customers/${missing}`, { name: "x" }), 404, { code: "resource_missing" });
    expectError(await api.delete(`/v1/customers/${missing}`), 404, { code: "resource_missing" });
  });

  it("refuses to delete a customer while it has invoices (409) and keeps it", async () => {
    const { api } = await newAccount();
    const id = await createCustomer(api);
    await createDraft(api, id);
    expectError(await api.delete(`/v1/customers/${id}`), 409, { type: "conflict_error", code: "customer_has_invoices" });
    expect((await api.get(`/v1/customers/${id}`)).status).toBe(200);
  });

  it("validates list parameters", async () => {
    const { api } = await newAccount();
    expectError(await api.get("/v1/customers?limit=0"), 400, { param: "limit" });
    expectError(await api.get("/v1/customers?limit=101"), 400, { param: "limit" });
    expectError(await api.get("/v1/customers?starting_after=cust_nope"), 400, { param: "starting_after" });
    expectError(await api.get("/v1/customers?ending_before=cust_nope"), 400, { param: "ending_before" });
    const id = await createCustomer(api);
    expectError(await api.get(`/v1/customers?starting_after=${id}&ending_before=${id}`), 400, { param: "ending_before" });
  });
});

describe("customers: security", () => {
  it("needs customers:read to read and customers:write to write", async () => {
    const { api, accountId } = await newAccount();
    const id = await createCustomer(api);
    const reader = await keyWithScopes(accountId, ["customers:read"]);
    expect((await reader.get(`/v1/customers/${id}`)).status).toBe(200);
    expect((await reader.get("/v1/customers")).status).toBe(200);
    expectError(await reader.post("/v1/customers", { name: "x" }), 403, { type: "permission_error", code: "missing_scope" });
    expectError(await reader.patch(`/v1/customers/${id}`, { name: "x" }), 403, { code: "missing_scope" });
    expectError(await reader.delete(`/v1/customers/${id}`), 403, { code: "missing_scope" });

    const writer = await keyWithScopes(accountId, ["customers:write"]);
    expect((await writer.get(`/v1/customers/${id}`)).status).toBe(200); // write implies read
    const invoicesOnly = await keyWithScopes(accountId, ["invoices:read", "invoices:write"]);
    expectError(await invoicesOnly.get(`/v1/customers/${id}`), 403, { code: "missing_scope" });
    expectError(await invoicesOnly.get("/v1/customers"), 403, { code: "missing_scope" });
    expect((await api.get(`/v1/customers/${id}`)).body.name).toBe("Acme Corporation");
  });

  it("never lists another account's customers", async () => {
    const a = await newAccount();
    const b = await newAccount();
    await createCustomer(a.api, { name: "Mine" });
    await createCustomer(b.api, { name: "Theirs" });
    const list = await a.api.get("/v1/customers?limit=100");
    expect(list.body.data.map((c: any) => c.name)).toEqual(["Mine"]);
  });
});
