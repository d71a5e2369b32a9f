import { describe, expect, it } from "vitest";
import { dateInZone } from "../../src/domain/dates";
import { createCustomer, expectError, keyWithScopes, newAccount, seedInvoiceBody } from "../helpers/api";

// Seed 003's merchantDetails: IBAN, UK sort code + account, US ACH, US wire with SWIFT and bank address.
const bankDetails = {
  account_name: "Stateset Inc.",
  iban: "GB33BUKB20201555555555",
  bic: "BUKBGB22",
  uk: { sort_code: "202015", account_number: "55555555" },
  us_ach: { account_number: "000123456789", account_name: "Stateset Inc.", bank_name: "Chase", routing_number: "021000021" },
  us_wire: {
    account_number: "000123456789",
    account_name: "Stateset Inc.",
    bank_name: "Chase",
    routing_number: "021000021",
    swift_code: "CHASUS33",
    bank_address: { line1: "270 Park Ave", city: "New York", state: "NY", postal_code: "10017", country: "US" },
  },
};

describe("account: happy paths", () => {
  it("retrieves the key's account with its defaults", async () => {
    const { api, accountId } = await newAccount();
    const res = await api.get("/v1/account");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: accountId,
      object: "account",
      name: "Stateset",
      email: "billing@stateset.test",
      invoice_prefix: "INV",
      default_currency: "USD",
      timezone: "UTC",
      default_payment_terms: "Net 30",
      bank_details: null,
      payment_link_display: "SHOW_PAYMENT_LINK",
    });
  });

  it("updates legal details, bank details, numbering and defaults, and keeps them", async () => {
    const { api } = await newAccount();
    const patch = {
      name: "Stateset",
      legal_name: "Stateset Inc.",
      phone: "+1 415 555 0199",
      address: { line1: "1 Market St", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" },
      tax_id: "US-EIN-12-3456789",
      bank_details: bankDetails,
      invoice_prefix: "ACME",
      default_currency: "eur",
      timezone: "Asia/Tokyo",
      default_payment_terms: "Net 15",
      sender_email: "invoices@stateset.test",
      sender_name: "Stateset Billing",
      logo_url: "https://stateset.test/logo.png",
      accent_color: "#1a73e8",
      checkout_url_template: "https://pay.stateset.test/{invoice_id}",
      payment_link_display: "HIDE_PAYMENT_LINK",
    };
    const res = await api.patch("/v1/account", patch);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ...patch, default_currency: "EUR" });
    expect((await api.get("/v1/account")).body).toEqual(res.body);
  });

  it("applies the account's prefix, currency, terms and time zone to new invoices", async () => {
    const { api } = await newAccount();
    await api.patch("/v1/account", { invoice_prefix: "ACME", default_currency: "JPY", default_payment_terms: "Net 15", timezone: "Asia/Tokyo" });
    const customer = await createCustomer(api);
    const before = dateInZone(new Date(), "Asia/Tokyo");
    const { issue_date, due_date, currency, payment_terms, ...rest } = seedInvoiceBody(customer);
    const created = await api.post("/v1/invoices", rest);
    const after = dateInZone(new Date(), "Asia/Tokyo");
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.currency).toBe("JPY");
    expect(created.body.payment_terms).toBe("Net 15");
    expect([before, after]).toContain(created.body.issue_date);
    const finalized = await api.post(`/v1/invoices/${created.body.id}/finalize`);
    expect(finalized.body.invoice_number).toBe(`ACME-${created.body.issue_date.slice(0, 4)}-0001`);
  });

  it("clears nullable fields with null", async () => {
    const { api } = await newAccount();
    await api.patch("/v1/account", { bank_details: bankDetails, phone: "+1 1" });
    const res = await api.patch("/v1/account", { bank_details: null, phone: null });
    expect(res.body).toMatchObject({ bank_details: null, phone: null, name: "Stateset" });
  });
});

describe("account: errors", () => {
  it("names the invalid field", async () => {
    const { api } = await newAccount();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "" }, "name"],
      [{ email: "nope" }, "email"],
      [{ invoice_prefix: "inv/2024" }, "invoice_prefix"],
      [{ default_currency: "XYZ" }, "default_currency"],
      [{ timezone: "Nowhere/Land" }, "timezone"],
      [{ logo_url: "http://insecure.test/logo.png" }, "logo_url"],
      [{ accent_color: "blue" }, "accent_color"],
      [{ bank_details: { iban: "not an iban" } }, "bank_details.iban"],
      [{ bank_details: { uk: { sort_code: "20-20-15", account_number: "55555555" } } }, "bank_details.uk.sort_code"],
      [{ bank_details: { us_wire: { ...bankDetails.us_wire, swift_code: "x" } } }, "bank_details.us_wire.swift_code"],
      [{ payment_link_display: "SOMETIMES" }, "payment_link_display"],
    ];
    for (const [body, param] of cases) expectError(await api.patch("/v1/account", body), 400, { type: "invalid_request_error", param });
    expect((await api.get("/v1/account")).body.invoice_prefix).toBe("INV");
  });

  it("refuses default payment terms it could not turn into a due date", async () => {
    const { api } = await newAccount();
    expectError(await api.patch("/v1/account", { default_payment_terms: "Whenever" }), 400, { param: "default_payment_terms" });
    // Had it been stored, every invoice without a due date would fail on a field the caller never sent.
    const customer = await createCustomer(api);
    const { due_date, payment_terms, ...body } = seedInvoiceBody(customer);
    expect((await api.post("/v1/invoices", body)).status).toBe(201);
  });

  it("refuses unknown and read-only fields as parameter_unknown", async () => {
    const { api } = await newAccount();
    for (const field of ["id", "object", "created_at", "rounding_mode", "webhook_secret", "plan"])
      expectError(await api.patch("/v1/account", { [field]: "x" }), 400, { code: "parameter_unknown", param: field });
    expectError(await api.patch("/v1/account", { bank_details: { swift: "x" } }), 400, { code: "parameter_unknown", param: "bank_details.swift" });
  });
});

describe("account: security", () => {
  it("any key reads its own account; only account:write changes it", async () => {
    const { accountId } = await newAccount();
    const other = await newAccount({ name: "Other" });
    const reader = await keyWithScopes(accountId, ["invoices:read"]);
    const got = await reader.get("/v1/account");
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(accountId);
    expect(got.body.id).not.toBe(other.accountId);
    expectError(await reader.patch("/v1/account", { name: "Hijacked" }), 403, { type: "permission_error", code: "missing_scope" });
    const writer = await keyWithScopes(accountId, ["account:write"]);
    expect((await writer.patch("/v1/account", { name: "Renamed" })).status).toBe(200);
    expect((await other.api.get("/v1/account")).body.name).toBe("Other");
  });

  it("never shows the webhook signing secret", async () => {
    const { api } = await newAccount();
    expect((await api.get("/v1/account")).body).not.toHaveProperty("webhook_secret");
  });
});
