import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createCustomer, expectError, newAccount } from "../helpers/api";

/*
 * What merchants fill once for EN 16931 e-invoices: registration ids and electronic addresses
 * on the account and its customers, and each line's VAT category, exemption reason and unit,
 * stored, returned everywhere and checked against the norm's rules on the way in.
 */

const line = (over: Record<string, unknown> = {}) => ({ description: "Consulting", quantity: 1, unit_price: 10000, tax_rate: 0.19, ...over });

describe("account: e-invoice fields", () => {
  it("starts empty, takes company_id and electronic_address, and clears them with null", async () => {
    const { api } = await newAccount();
    expect((await api.get("/v1/account")).body).toMatchObject({ company_id: null, electronic_address: null });
    const set = await api.patch("/v1/account", { company_id: " HRB 12345 ", electronic_address: { scheme: "9930", id: " DE123456789 " } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ company_id: "HRB 12345", electronic_address: { scheme: "9930", id: "DE123456789" } });
    expect((await api.get("/v1/account")).body).toMatchObject({ company_id: "HRB 12345", electronic_address: { scheme: "9930", id: "DE123456789" } });
    const cleared = await api.patch("/v1/account", { company_id: null, electronic_address: null });
    expect(cleared.body).toMatchObject({ company_id: null, electronic_address: null });
  });

  it("refuses a scheme that is not an EAS code (four digits, or two letters like EM) and an empty or long id, naming the field", async () => {
    const { api } = await newAccount();
    const scheme = expectError(await api.patch("/v1/account", { electronic_address: { scheme: "GLN", id: "4035811991014" } }), 400, {
      param: "electronic_address.scheme",
    });
    expect(scheme.message).toMatch(/EAS scheme code/);
    const email = await api.patch("/v1/account", { electronic_address: { scheme: "EM", id: "invoices@stateset.example" } });
    expect(email.status, JSON.stringify(email.body)).toBe(200);
    expectError(await api.patch("/v1/account", { electronic_address: { scheme: "0088", id: "  " } }), 400, { param: "electronic_address.id" });
    expectError(await api.patch("/v1/account", { electronic_address: { scheme: "0088", id: "x".repeat(101) } }), 400, { param: "electronic_address.id" });
    expectError(await api.patch("/v1/account", { electronic_address: { scheme: "0088" } }), 400, { param: "electronic_address.id" });
    expectError(await api.patch("/v1/account", { company_id: "x".repeat(101) }), 400, { param: "company_id" });
  });
});

describe("customers: e-invoice fields", () => {
  it("creates with defaults, then with every field, and returns them on get, list, update and invoices", async () => {
    const { api } = await newAccount();
    const plain = await api.get(`/v1/customers/${await createCustomer(api)}`);
    expect(plain.body).toMatchObject({ company_id: null, electronic_address: null, e_invoicing: "optional" });

    const fields = { company_id: "FR 123 456 789", electronic_address: { scheme: "0009", id: "12345678900011" }, e_invoicing: "required" };
    const created = await api.post("/v1/customers", { name: "Buyer SAS", ...fields });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject(fields);
    expect((await api.get(`/v1/customers/${created.body.id}`)).body).toMatchObject(fields);
    expect((await api.get("/v1/customers?limit=100")).body.data.find((c: { id: string }) => c.id === created.body.id)).toMatchObject(fields);

    const updated = await api.patch(`/v1/customers/${created.body.id}`, {
      e_invoicing: "optional",
      electronic_address: { scheme: "0204", id: "991-12345-67" },
    });
    expect(updated.body).toMatchObject({ e_invoicing: "optional", electronic_address: { scheme: "0204", id: "991-12345-67" }, company_id: "FR 123 456 789" });

    const invoice = await api.post("/v1/invoices", { customer_id: created.body.id, line_items: [line()] });
    expect(invoice.body.customer).toMatchObject({ e_invoicing: "optional", company_id: "FR 123 456 789" });
  });

  it("refuses a bad scheme and an unknown e_invoicing mode, naming the field", async () => {
    const { api } = await newAccount();
    expectError(await api.post("/v1/customers", { name: "B", electronic_address: { scheme: "88", id: "1" } }), 400, { param: "electronic_address.scheme" });
    const id = await createCustomer(api);
    expectError(await api.patch(`/v1/customers/${id}`, { electronic_address: { scheme: "00881", id: "1" } }), 400, { param: "electronic_address.scheme" });
    expectError(await api.patch(`/v1/customers/${id}`, { e_invoicing: "always" }), 400, { param: "e_invoicing" });
  });
});

describe("invoice lines: VAT category, exemption reason, unit", () => {
  it("returns each line's effective category, C62 by default, and what was given", async () => {
    const { api } = await newAccount();
    const taxed = await createCustomer(api);
    const res = await api.post("/v1/invoices", {
      customer_id: taxed,
      line_items: [
        line(),
        line({ tax_rate: 0 }),
        line({ tax_rate: 0, tax_category: "E", tax_exemption_reason: "Medical care", tax_exemption_reason_code: "vatex-eu-132-1b" }),
        line({ tax_category: "S", unit_code: "HUR" }),
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.line_items.map((l: Record<string, unknown>) => [l.tax_category, l.unit_code, l.tax_amount])).toEqual([
      ["S", "C62", 1900],
      ["Z", "C62", 0],
      ["E", "C62", 0],
      ["S", "HUR", 1900],
    ]);
    expect(res.body.line_items[2]).toMatchObject({ tax_exemption_reason: "Medical care", tax_exemption_reason_code: "VATEX-EU-132-1B" });
    expect(res.body.line_items[0]).toMatchObject({ tax_exemption_reason: null, tax_exemption_reason_code: null });
    expect((await api.get(`/v1/invoices/${res.body.id}`)).body.line_items).toEqual(res.body.line_items);

    const exempt = await createCustomer(api, { name: "Exempt eV", tax_status: "exempt" });
    const forExempt = await api.post("/v1/invoices", { customer_id: exempt, line_items: [line()] });
    expect(forExempt.body).toMatchObject({ tax_amount: 0, line_items: [{ tax_category: "E", tax_rate: 0.19, tax_amount: 0 }] });
    const reverse = await createCustomer(api, { name: "Reverse BV", tax_status: "reverse_charge" });
    const forReverse = await api.post("/v1/invoices", { customer_id: reverse, line_items: [line()] });
    expect(forReverse.body).toMatchObject({ tax_amount: 0, line_items: [{ tax_category: "AE", tax_amount: 0 }] });
  });

  it("keeps a named category through draft updates and derives the others again for a new customer", async () => {
    const { api } = await newAccount();
    const taxed = await createCustomer(api);
    const exempt = await createCustomer(api, { name: "Exempt eV", tax_status: "exempt" });
    const draft = await api.post("/v1/invoices", {
      customer_id: taxed,
      line_items: [line(), line({ tax_category: "S", unit_code: "DAY" }), line({ tax_rate: 0, tax_category: "G", tax_exemption_reason: "Export" })],
    });
    const moved = await api.patch(`/v1/invoices/${draft.body.id}`, { customer_id: exempt });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.line_items.map((l: Record<string, unknown>) => [l.tax_category, l.unit_code, l.tax_amount, l.tax_exemption_reason])).toEqual([
      ["E", "C62", 0, null],
      ["S", "DAY", 1900, null],
      ["G", "C62", 0, "Export"],
    ]);
    expect(moved.body.tax_amount).toBe(1900);
    const relined = await api.patch(`/v1/invoices/${draft.body.id}`, { line_items: [line({ tax_rate: 0, tax_category: "O" })] });
    expect(relined.body).toMatchObject({ tax_amount: 0, line_items: [{ tax_category: "O", unit_code: "C62" }] });
  });

  it("refuses a category the rate contradicts, naming tax_rate and the rule", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const create = (l: Record<string, unknown>) => api.post("/v1/invoices", { customer_id: customer, line_items: [l] });
    expect(expectError(await create(line({ tax_rate: 0, tax_category: "S" })), 400, { param: "line_items.0.tax_rate" }).message).toMatch(/BR-S-05/);
    expect(expectError(await create(line({ tax_category: "Z" })), 400, { param: "line_items.0.tax_rate" }).message).toMatch(/BR-Z-05/);
    expect(expectError(await create(line({ tax_category: "E" })), 400, { param: "line_items.0.tax_rate" }).message).toMatch(/BR-E-05/);
    expect(expectError(await create(line({ tax_category: "K" })), 400, { param: "line_items.0.tax_rate" }).message).toMatch(/BR-IC-05/);
    expect(expectError(await create(line({ tax_category: "O" })), 400, { param: "line_items.0.tax_rate" }).message).toMatch(/BR-O-05/);
    expect(expectError(await create(line({ tax_exemption_reason: "why" })), 400, { param: "line_items.0.tax_exemption_reason" }).message).toMatch(/BR-S-10/);
    const draft = await create(line());
    const patched = await api.patch(`/v1/invoices/${draft.body.id}`, { line_items: [line(), line({ tax_category: "AE" })] });
    expect(expectError(patched, 400, { param: "line_items.1.tax_rate" }).message).toMatch(/BR-AE-05/);
  });

  it("refuses an unknown category, a malformed VATEX code or unit code, naming the field", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const create = (l: Record<string, unknown>) => api.post("/v1/invoices", { customer_id: customer, line_items: [l] });
    expectError(await create(line({ tax_category: "X" })), 400, { param: "line_items.0.tax_category" });
    expectError(await create(line({ tax_rate: 0, tax_category: "E", tax_exemption_reason_code: "EU-132" })), 400, {
      param: "line_items.0.tax_exemption_reason_code",
    });
    expectError(await create(line({ tax_rate: 0, tax_category: "E", tax_exemption_reason: "x".repeat(301) })), 400, {
      param: "line_items.0.tax_exemption_reason",
    });
    expect(expectError(await create(line({ unit_code: "hour" })), 400, { param: "line_items.0.unit_code" }).message).toMatch(/Recommendation 20/);
  });
});

describe("OpenAPI: e-invoice fields", () => {
  it("documents every new field, in and out, with a description", async () => {
    const doc = (await (await exports.default.fetch("https://api.test/openapi.json")).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, { description?: string; anyOf?: unknown[] }> }> };
    };
    const fields: Record<string, string[]> = {
      Account: ["company_id", "electronic_address"],
      UpdateAccount: ["company_id", "electronic_address"],
      Customer: ["company_id", "electronic_address", "e_invoicing"],
      CreateCustomer: ["company_id", "electronic_address", "e_invoicing"],
      UpdateCustomer: ["company_id", "electronic_address", "e_invoicing"],
      LineItem: ["tax_category", "tax_exemption_reason", "tax_exemption_reason_code", "unit_code"],
      LineItemInput: ["tax_category", "tax_exemption_reason", "tax_exemption_reason_code", "unit_code"],
      ElectronicAddress: ["scheme", "id"],
    };
    for (const [schema, names] of Object.entries(fields))
      for (const name of names) {
        const prop = doc.components.schemas[schema]?.properties?.[name];
        expect(prop, `${schema}.${name}`).toBeDefined();
        // A nullable $ref is described on the referenced schema.
        if (!prop!.anyOf) expect(prop!.description, `${schema}.${name}`).toBeTruthy();
      }
  });
});
