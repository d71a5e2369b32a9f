import { beforeAll, describe, expect, it } from "vitest";
import { type Api, createCustomer, expectError, newAccount, rawFetch, seedInvoiceBody } from "../helpers/api";

let api: Api;
let apiKey: string;
let customerId: string;
let invoiceId: string;

beforeAll(async () => {
  const account = await newAccount();
  api = account.api;
  apiKey = account.apiKey;
  customerId = await createCustomer(api);
  const created = await api.post("/v1/invoices", seedInvoiceBody(customerId));
  expect(created.status).toBe(201);
  invoiceId = created.body.id;
});

describe("unknown query parameters", () => {
  it.each([
    ["/v1/invoices?colour=red", "colour"],
    ["/v1/invoices?status=draft&stauts=paid", "stauts"],
    ["/v1/customers?limit=5&colour=red", "colour"],
  ])("GET %s is refused, naming %s", async (path, param) => {
    const error = expectError(await api.get(path), 400, { type: "invalid_request_error", code: "parameter_unknown", param });
    expect(error.message).toContain(`'${param}'`);
    expect(error.message).toContain("limit");
  });

  it("are refused on routes that take none, before anything changes", async () => {
    expectError(await api.get(`/v1/invoices/${invoiceId}?expand=customer`), 400, { code: "parameter_unknown", param: "expand" });
    expectError(await api.get("/v1/account?x=1"), 400, { code: "parameter_unknown", param: "x" });
    expectError(await api.post(`/v1/invoices/${invoiceId}/finalize?force=true`), 400, { code: "parameter_unknown", param: "force" });
    expect((await api.get(`/v1/invoices/${invoiceId}`)).body.status).toBe("draft");
  });

  it("are refused on the Sequence surface too, in its envelope", async () => {
    const auth = { Authorization: `Bearer ${apiKey}` };
    const list = await rawFetch("/api/invoices?sortorder=ASC", { headers: auth });
    expectError(list, 400, { type: "invalid_request_error", code: "parameter_unknown", param: "sortorder" });
    expect(list.headers.get("Sequence-Version")).toBe("2024-07-30");
    expectError(await rawFetch(`/api/invoices/${invoiceId}?x=1`, { headers: auth }), 400, { code: "parameter_unknown", param: "x" });
    expect((await rawFetch("/api/invoices?sortOrder=ASC&limit=2", { headers: auth })).status).toBe(200);
  });

  it("declared ones still work", async () => {
    const res = await api.get(`/v1/invoices?status=draft&limit=5&customer_id=${customerId}&sort=created_at&order=asc`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((i: { id: string }) => i.id)).toContain(invoiceId);
  });
});

describe("a body that is not JSON", () => {
  const send = (contentType: string, body: string) =>
    rawFetch("/v1/customers", { method: "POST", headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": contentType }, body });

  it.each([
    ["application/x-www-form-urlencoded", "name=Acme"],
    ["text/plain", '{"name":"Acme"}'],
    ["multipart/form-data; boundary=x", "--x\r\n--x--"],
  ])("%s is a 415 in the envelope that says to send JSON", async (type, body) => {
    const res = await send(type, body);
    const error = expectError(res, 415, { type: "unsupported_media_type_error", code: "unsupported_media_type" });
    expect(error.message).toContain("Content-Type: application/json");
  });

  it("is refused on optional-body routes too, and JSON with a charset is fine", async () => {
    const form = await rawFetch(`/v1/invoices/${invoiceId}/send`, {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "cc=a@b.com",
    });
    expectError(form, 415, { type: "unsupported_media_type_error" });
    expect((await api.get(`/v1/invoices/${invoiceId}`)).body.status).toBe("draft");
    expect((await send("application/json; charset=utf-8", '{"name":"Acme"}')).status).toBe(201);
  });

  it("is documented as a 415 on routes with a body", async () => {
    const doc = (await rawFetch("/openapi.json")).body;
    expect(doc.paths["/v1/customers"].post.responses["415"]).toBeDefined();
    expect(doc.paths["/v1/customers"].get.responses["415"]).toBeUndefined();
  });
});

describe("validation messages say it in the API's words", () => {
  const line = { description: "Work", quantity: 1, unit_price: 1000 };
  const create = (overrides: Record<string, unknown>) => api.post("/v1/invoices", { customer_id: customerId, line_items: [line], ...overrides });

  it("a missing field is 'required'", async () => {
    const error = expectError(await api.post("/v1/invoices", { line_items: [line] }), 400, { param: "customer_id" });
    expect(error.message).toBe("'customer_id' is required.");
    const nested = expectError(await create({ line_items: [{ quantity: 1, unit_price: 100 }] }), 400, { param: "line_items.0.description" });
    expect(nested.message).toContain("required");
  });

  it("a fractional amount explains minor units", async () => {
    const error = expectError(await create({ line_items: [{ ...line, unit_price: 12.5 }] }), 400, { param: "line_items.0.unit_price" });
    expect(error.message).toContain("amounts are integers in the currency's minor unit (cents): 1250 for 12.50");
  });

  it("a percentage tax rate explains fractions", async () => {
    const error = expectError(await create({ line_items: [{ ...line, tax_rate: 8 }] }), 400, { param: "line_items.0.tax_rate" });
    expect(error.message).toContain("tax_rate is a fraction: 0.08 for 8 %");
  });

  it("types, sizes, enums and formats read plainly", async () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ["/v1/customers", { name: 42 }, "name", "must be a string"],
      ["/v1/customers", { name: "x".repeat(201) }, "name", "at most 200 characters"],
      ["/v1/customers", { name: "A", tax_status: "sometimes" }, "tax_status", "must be one of: taxed, exempt, reverse_charge"],
      ["/v1/customers", { name: "A", email: "not-an-address" }, "email", "email address"],
      ["/v1/customers", { name: "A", metadata: { ["k".repeat(41)]: "v" } }, `metadata.${"k".repeat(41)}`, "at most 40 characters"],
      ["/v1/invoices", { customer_id: customerId, line_items: [] }, "line_items", "at least one item"],
      ["/v1/invoices", { customer_id: customerId, line_items: [line], discount: { type: "bogus" } }, "discount.type", "must be one of: amount, percent"],
    ];
    for (const [path, body, param, words] of cases) {
      const error = expectError(await api.post(path, body), 400, { param });
      expect(error.message, JSON.stringify(body)).toContain(words);
    }
    const query = expectError(await api.get("/v1/invoices?limit=1.5"), 400, { param: "limit" });
    expect(query.message).toContain("integer");
  });
});
