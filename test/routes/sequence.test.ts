import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, rawFetch } from "../helpers/api";
import { shapeDifferences } from "../helpers/json-shape";
import { createKey, createSeedMerchant, type TestKey } from "../helpers/sequence-accounts";
import { expectedSeedView } from "../helpers/sequence-fixtures";
import { SEQUENCE_SEED_INVOICE as seed } from "../helpers/sequence-seed";

type Json = Record<string, any>;

async function call(method: string, path: string, auth: string | null, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (auth) headers.Authorization = auth;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await rawFetch(path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { ...res, json: res.body as Json };
}

/** The customer and invoice of seed 003, made through the ordinary /v1 API. */
async function createSeedInvoice(auth: string) {
  const customer = await call("POST", "/v1/customers", auth, {
    body: {
      name: seed.customerLegalCompanyName,
      email: seed.customerEmails[0],
      billing_address: { line1: "Flat 1", line2: "15 Yemen Road", city: "Yemen", state: "CA", postal_code: "YE1 2YE", country: "YE" },
      shipping_address: { line1: "742 Evergreen Terrace", city: "Springfield", state: "CA", postal_code: "12345", country: "US" },
    },
  });
  expect(customer.status).toBe(201);
  const invoice = await call("POST", "/v1/invoices", auth, {
    body: {
      customer_id: customer.json.id,
      currency: "GBP",
      issue_date: "2022-10-05",
      due_date: seed.dueDate,
      line_items: [{ description: "Seats", quantity: 1, unit_price: 1000, tax_rate: 0.2 }],
      purchase_order_number: seed.purchaseOrderNumber,
      reference: seed.reference,
      memo: seed.memo,
      billing_period: { start: seed.billingPeriod.start, end_inclusive: seed.billingPeriod.endInclusive },
      accounting_date: seed.accountingDate,
      metadata: { "example-label": "label-value" },
    },
  });
  expect(invoice.status).toBe(201);
  return { customerId: customer.json.id as string, invoiceId: invoice.json.id as string };
}

let accountId: string;
let admin: TestKey;
let readOnly: TestKey;
let customersOnly: TestKey;
let other: TestKey;

beforeAll(async () => {
  accountId = await createSeedMerchant();
  admin = await createKey(accountId, ["*"]);
  readOnly = await createKey(accountId, ["invoices:read"]);
  customersOnly = await createKey(accountId, ["customers:write"]);
  other = await createKey(await createSeedMerchant(), ["*"]);
});

describe("POST /api/invoices/{id}/send", () => {
  it("answers with seed 003's invoice, key by key, for the seed-equivalent invoice", async () => {
    const { customerId, invoiceId } = await createSeedInvoice(admin.bearer);
    const { status, headers, json } = await call("POST", `/api/invoices/${invoiceId}/send`, admin.basic, {
      headers: { "Sequence-Version": "2024-07-30" },
    });
    expect(status).toBe(200);
    expect(headers.get("Sequence-Version")).toBe("2024-07-30");
    expect(shapeDifferences(json, seed)).toEqual([]);
    expect(json).toEqual({
      ...expectedSeedView(),
      id: invoiceId,
      sequenceAccountId: accountId,
      customerId,
      invoiceNumber: "INV-2022-0001",
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
    });

    // A view over the same invoice, not a second store: /v1 sees the send.
    const v1 = await call("GET", `/v1/invoices/${invoiceId}`, admin.bearer);
    expect(v1.json).toMatchObject({ status: "sent", invoice_number: "INV-2022-0001", sent_count: 1 });
    // "Sends to end-customer": one delivery, to the customer's address.
    const deliveries = await env.DB.prepare("SELECT recipients, status FROM deliveries WHERE account_id = ? AND invoice_id = ?")
      .bind(accountId, invoiceId)
      .all<{ recipients: string; status: string }>();
    expect(deliveries.results.map((d) => JSON.parse(d.recipients).to)).toEqual([[seed.customerEmails[0]]]);
  });
});

describe("authentication and scopes", () => {
  it("reaches the same invoice with Basic and Bearer credentials of one key", async () => {
    const { invoiceId } = await createSeedInvoice(admin.bearer);
    const basic = await call("GET", `/api/invoices/${invoiceId}`, readOnly.basic);
    const bearer = await call("GET", `/api/invoices/${invoiceId}`, readOnly.bearer);
    expect(basic.status).toBe(200);
    expect(bearer.json).toEqual(basic.json);
    expect(basic.json).toMatchObject({ id: invoiceId, status: "DRAFT", invoiceNumber: null, grossTotal: "12" });
  });

  it("applies the key's scopes whichever way it is sent", async () => {
    const { invoiceId } = await createSeedInvoice(admin.bearer);
    for (const auth of [customersOnly.basic, customersOnly.bearer]) {
      expectError(await call("GET", `/api/invoices/${invoiceId}`, auth), 403, { type: "permission_error", code: "missing_scope" });
    }
    for (const auth of [readOnly.basic, readOnly.bearer]) {
      for (const action of ["finalize", "send", "void"]) {
        expect((await call("POST", `/api/invoices/${invoiceId}/${action}`, auth)).status).toBe(403);
      }
    }
    const after = await call("GET", `/api/invoices/${invoiceId}`, readOnly.basic);
    expect(after.json.status).toBe("DRAFT");
  });

  it("refuses missing and wrong credentials, still naming the version", async () => {
    const none = await call("GET", "/api/invoices", null);
    expect(none.status).toBe(401);
    expect(none.headers.get("Sequence-Version")).toBe("2024-07-30");
    const [id] = atob(admin.basic.slice("Basic ".length)).split(":");
    expectError(await call("GET", "/api/invoices", `Basic ${btoa(`${id}:${"x".repeat(43)}`)}`), 401, { type: "authentication_error" });
  });

  it("treats another account's invoice as missing, for reads and for every action", async () => {
    const { invoiceId } = await createSeedInvoice(admin.bearer);
    expect((await call("GET", `/api/invoices/${invoiceId}`, other.basic)).status).toBe(404);
    for (const action of ["finalize", "send", "void"]) {
      expectError(await call("POST", `/api/invoices/${invoiceId}/${action}`, other.basic), 404, { type: "not_found_error" });
    }
    const list = await call("GET", "/api/invoices", other.basic);
    expect(list.json.items.map((i: Json) => i.id)).not.toContain(invoiceId);
    expect((await call("GET", `/api/invoices/${invoiceId}`, admin.basic)).json.status).toBe("DRAFT");
  });
});

describe("Sequence-Version", () => {
  it("answers an unknown version with 400 UnrecognisedApiVersion, before authentication", async () => {
    for (const auth of [admin.basic, null]) {
      const res = await call("GET", "/api/invoices", auth, { headers: { "Sequence-Version": "2017-01-01" } });
      const error = expectError(res, 400, { type: "UnrecognisedApiVersion" });
      expect(error.message).toContain("No matching API version");
    }
  });

  it("defaults to the latest and says so", async () => {
    const { status, headers } = await call("GET", "/api/invoices", admin.basic);
    expect(status).toBe(200);
    expect(headers.get("Sequence-Version")).toBe("2024-07-30");
  });
});

describe("finalize and void", () => {
  it("finalize numbers a draft (FINAL), void makes it VOIDED, and a second void is a conflict", async () => {
    const { invoiceId } = await createSeedInvoice(admin.bearer);
    const final = await call("POST", `/api/invoices/${invoiceId}/finalize`, admin.basic);
    expect(final.status).toBe(200);
    expect(final.json).toMatchObject({ status: "FINAL", invoiceNumber: expect.stringMatching(/^INV-2022-\d{4}$/), paymentStatus: "UNPAID" });
    const voided = await call("POST", `/api/invoices/${invoiceId}/void`, admin.basic);
    expect(voided.status).toBe(200);
    expect(voided.json).toMatchObject({ status: "VOIDED", invoiceNumber: final.json.invoiceNumber });
    expectError(await call("POST", `/api/invoices/${invoiceId}/void`, admin.basic), 409, { type: "conflict_error" });
  });
});

describe("GET /api/invoices", () => {
  it("pages with before/after cursors in Sequence's {items, pagination} envelope", async () => {
    const key = await createKey(await createSeedMerchant(), ["*"]);
    for (let i = 0; i < 3; i++) await createSeedInvoice(key.bearer);
    // Invoices made in the same millisecond are ordered by id; /v1 lists in the same order.
    const newestFirst = (await call("GET", "/v1/invoices?limit=100", key.bearer)).json.data.map((i: Json) => i.id);
    expect(newestFirst).toHaveLength(3);

    const first = await call("GET", "/api/invoices?limit=2", key.basic);
    expect(first.status).toBe(200);
    expect(first.json.items.map((i: Json) => i.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.json.pagination).toMatchObject({ before: null, after: expect.any(String), totalResultSize: 3 });
    expect(shapeDifferences(first.json.items[0], seed).filter((d) => !d.startsWith("$.invoiceNumber"))).toEqual([]);

    const second = await call("GET", `/api/invoices?limit=2&after=${encodeURIComponent(first.json.pagination.after)}`, key.basic);
    expect(second.json.items.map((i: Json) => i.id)).toEqual(newestFirst.slice(2));
    expect(second.json.pagination).toMatchObject({ after: null, before: expect.any(String), totalResultSize: 3 });

    const back = await call("GET", `/api/invoices?limit=2&before=${encodeURIComponent(second.json.pagination.before)}`, key.basic);
    expect(back.json.items.map((i: Json) => i.id)).toEqual(newestFirst.slice(0, 2));
    expect(back.json.pagination.before).toBeNull();

    const ascending = await call("GET", "/api/invoices?sortOrder=ASC&limit=100", key.basic);
    expect(ascending.json.items.map((i: Json) => i.id)).toEqual([...newestFirst].reverse());
  });

  it("refuses a cursor that is not one of ours, and both cursors at once", async () => {
    expect((await call("GET", "/api/invoices?after=%25%25", admin.basic)).status).toBe(400);
    expect((await call("GET", `/api/invoices?after=${btoa("inv_doesnotexist")}`, admin.basic)).status).toBe(400);
    expect((await call("GET", `/api/invoices?after=${btoa("inv_a")}&before=${btoa("inv_b")}`, admin.basic)).status).toBe(400);
  });
});
