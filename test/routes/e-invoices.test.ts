import { env, exports } from "cloudflare:workers";
import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { type Api, createCustomer, createDraft, createFinalized, expectError, keyWithScopes, newAccount } from "../helpers/api";
import { pdfPages } from "../helpers/pdf-reading";

/*
 * The e-invoice endpoints through the Worker: the validation answer (official rule ids, the
 * field to fix), the exports' refusals, storage once as issued, and the finalization guard for
 * customers who require e-invoices.
 */

const SELLER = {
  legal_name: "Stateset GmbH",
  address: { line1: "Friedrichstraße 123", city: "Berlin", postal_code: "10117", country: "DE" },
  tax_id: "DE123456789",
  bank_details: { iban: "DE89370400440532013000", bic: "COBADEFFXXX" },
};

async function seller(overrides: Record<string, unknown> = {}) {
  const account = await newAccount();
  const res = await account.api.patch("/v1/account", { ...SELLER, ...overrides });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return account;
}

const rules = (body: any) => body.errors.map((e: any) => `${e.rule} ${e.field}`);

async function storedKeys(accountId: string) {
  return (await env.DOCUMENTS.list({ prefix: `accounts/${accountId}/` })).objects.map((o) => o.key);
}

describe("GET /v1/invoices/{id}/e-invoice/validation", () => {
  it("a seller without a VAT id on a standard-rated invoice names BR-S-02 and account.tax_id, for a draft", async () => {
    const { api } = await seller({ tax_id: null });
    const draft = await createDraft(api, await createCustomer(api));
    const res = await api.get(`/v1/invoices/${draft.id}/e-invoice/validation`);
    expect(res.status).toBe(200);
    expect(res.body.object).toBe("e_invoice_validation");
    expect(res.body.valid).toBe(false);
    expect(rules(res.body)).toContain("BR-S-02 account.tax_id");
    for (const e of res.body.errors) expect(e.message.length).toBeGreaterThan(10);
  });

  it("a reverse-charge buyer without a VAT id names BR-AE-02 and customer.tax_id; with one, the invoice is valid", async () => {
    const { api } = await seller();
    const customer = await createCustomer(api, {
      name: "Dupont SARL",
      tax_status: "reverse_charge",
      billing_address: { line1: "12 rue de la Paix", city: "Paris", postal_code: "75002", country: "FR" },
    });
    const draft = await createDraft(api, customer, { currency: "EUR" });
    const res = await api.get(`/v1/invoices/${draft.id}/e-invoice/validation`);
    expect(rules(res.body)).toContain("BR-AE-02 customer.tax_id");
    expect((await api.patch(`/v1/customers/${customer}`, { tax_id: "FR12345678901" })).status).toBe(200);
    const fixed = await api.get(`/v1/invoices/${draft.id}/e-invoice/validation`);
    expect(fixed.body).toEqual({ object: "e_invoice_validation", valid: true, errors: [] });
  });

  it("another account's invoice is a 404, and the route needs invoices:read", async () => {
    const { api } = await seller();
    const finalized = await createFinalized(api, await createCustomer(api));
    const other = await newAccount();
    expectError(await other.api.get(`/v1/invoices/${finalized.id}/e-invoice/validation`), 404);
    expectError(await other.api.get(`/v1/invoices/${finalized.id}/e-invoice?format=ubl`), 404);
    const writeOnly = await keyWithScopes(other.accountId, ["customers:write"]);
    expectError(await writeOnly.get(`/v1/invoices/${finalized.id}/e-invoice?format=ubl`), 403);
  });
});

describe("GET /v1/invoices/{id}/e-invoice", () => {
  it("serves UBL and CII of a finalized invoice, stored once as issued: a later change of the seller's data leaves it as it was", async () => {
    const { api, accountId } = await seller();
    const invoice = await createFinalized(api, await createCustomer(api));
    const ubl = await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=ubl`);
    expect(ubl.status, JSON.stringify(ubl.body)).toBe(200);
    expect(ubl.headers.get("content-type")).toMatch(/^application\/xml/);
    const doc = new DOMParser().parseFromString(ubl.body, "application/xml");
    expect(doc.documentElement?.localName).toBe("Invoice");
    expect(doc.getElementsByTagNameNS("*", "ID")[0]?.textContent).toBe(invoice.invoice_number);

    const cii = await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=cii`);
    expect(cii.status).toBe(200);
    expect(new DOMParser().parseFromString(cii.body, "application/xml").documentElement?.localName).toBe("CrossIndustryInvoice");

    expect((await api.patch("/v1/account", { legal_name: "Renamed GmbH" })).status).toBe(200);
    expect((await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=ubl`)).body).toBe(ubl.body);
    expect(await storedKeys(accountId)).toEqual(expect.arrayContaining([expect.stringMatching(/\.ubl\.xml$/), expect.stringMatching(/\.cii\.xml$/)]));
  });

  it("data that breaks a rule answers 409 einvoice_incomplete with the validation's list, and stores nothing", async () => {
    const { api, accountId } = await seller({ tax_id: null });
    const invoice = await createFinalized(api, await createCustomer(api));
    const res = await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=ubl`);
    const error = expectError(res, 409, { code: "einvoice_incomplete" });
    const listed = (await api.get(`/v1/invoices/${invoice.id}/e-invoice/validation`)).body.errors;
    expect(res.body.error.errors).toEqual(listed);
    expect(error.message).toContain("BR-S-02");
    expect((await storedKeys(accountId)).filter((k) => k.endsWith(".xml"))).toEqual([]);
  });

  it("a draft has no e-invoice yet (409), a currency with three decimals cannot have one (409), a bad format is a 400", async () => {
    const { api } = await seller();
    const customer = await createCustomer(api);
    const draft = await createDraft(api, customer);
    expectError(await api.get(`/v1/invoices/${draft.id}/e-invoice?format=ubl`), 409, { code: "invoice_not_finalized" });
    const bhd = await createFinalized(api, customer, { currency: "BHD" });
    const refused = expectError(await api.get(`/v1/invoices/${bhd.id}/e-invoice?format=cii`), 409, { code: "einvoice_currency_unsupported" });
    expect(refused.message).toContain("BHD");
    expectError(await api.get(`/v1/invoices/${draft.id}/e-invoice?format=pdf`), 400, { param: "format" });
    expectError(await api.get(`/v1/invoices/${draft.id}/e-invoice`), 400, { param: "format" });
  });
});

describe("customers with e_invoicing: required", () => {
  async function requiring(api: Api) {
    return createCustomer(api, { e_invoicing: "required" });
  }

  it("cannot have an invoice finalized while a rule breaks (409 naming rules and fields, no number used); once fixed it can", async () => {
    const { api } = await seller({ tax_id: null });
    const customer = await requiring(api);
    const draft = await createDraft(api, customer);
    const refused = await api.post(`/v1/invoices/${draft.id}/finalize`);
    const error = expectError(refused, 409, { code: "einvoice_incomplete" });
    expect(error.message).toContain("BR-S-02");
    expect(refused.body.error.errors).toEqual(expect.arrayContaining([expect.objectContaining({ rule: "BR-S-02", field: "account.tax_id" })]));
    expect((await api.get(`/v1/invoices/${draft.id}`)).body).toMatchObject({ status: "draft", invoice_number: null });
    // A send finalizes first: refused the same way, nothing sent.
    expectError(await api.post(`/v1/invoices/${draft.id}/send`, {}), 409, { code: "einvoice_incomplete" });

    expect((await api.patch("/v1/account", { tax_id: "DE123456789" })).status).toBe(200);
    const finalized = await api.post(`/v1/invoices/${draft.id}/finalize`);
    expect(finalized.status, JSON.stringify(finalized.body)).toBe(200);
    // The refusals took no number: the first invoice of the series.
    expect(finalized.body.invoice_number).toMatch(/-0001$/);
    expect((await api.get(`/v1/invoices/${draft.id}/e-invoice?format=ubl`)).status).toBe(200);
  });

  it("a customer who does not require e-invoices is finalized as before, whatever the data", async () => {
    const { api } = await seller({ tax_id: null });
    const finalized = await api.post(`/v1/invoices/${(await createDraft(api, await createCustomer(api))).id}/finalize`);
    expect(finalized.status).toBe(200);
  });
});

describe("GET /v1/credit_notes/{id}/e-invoice", () => {
  it("is a UBL CreditNote and a CII 381 naming the invoice it corrects (BT-25, BT-26)", async () => {
    const { api } = await seller();
    const invoice = await createFinalized(api, await createCustomer(api));
    const note = await api.post("/v1/credit_notes", {
      invoice_id: invoice.id,
      lines: [{ invoice_line_item_id: invoice.line_items[0].id, quantity: 10 }],
      reason: "order_change",
    });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    const ubl = await api.get(`/v1/credit_notes/${note.body.id}/e-invoice?format=ubl`);
    expect(ubl.status, JSON.stringify(ubl.body)).toBe(200);
    const doc = new DOMParser().parseFromString(ubl.body, "application/xml");
    expect(doc.documentElement?.localName).toBe("CreditNote");
    const reference = doc.getElementsByTagNameNS("*", "InvoiceDocumentReference")[0]!;
    expect(reference.getElementsByTagNameNS("*", "ID")[0]?.textContent).toBe(invoice.invoice_number);
    expect(reference.getElementsByTagNameNS("*", "IssueDate")[0]?.textContent).toBe(invoice.issue_date);

    const cii = await api.get(`/v1/credit_notes/${note.body.id}/e-invoice?format=cii`);
    const ciiDoc = new DOMParser().parseFromString(cii.body, "application/xml");
    expect(ciiDoc.getElementsByTagNameNS("*", "TypeCode")[0]?.textContent).toBe("381");
    const referenced = ciiDoc.getElementsByTagNameNS("*", "InvoiceReferencedDocument")[0]!;
    expect(referenced.getElementsByTagNameNS("*", "IssuerAssignedID")[0]?.textContent).toBe(invoice.invoice_number);

    expect((await api.get(`/v1/credit_notes/${note.body.id}/e-invoice/validation`)).body).toMatchObject({ valid: true, errors: [] });
    expectError(await api.get(`/v1/credit_notes/${note.body.id}/e-invoice?format=facturx`), 400, { param: "format" });
    expectError(await (await newAccount()).api.get(`/v1/credit_notes/${note.body.id}/e-invoice?format=ubl`), 404);
  });
});

describe("as issued: the parties at finalization, whatever changes later", () => {
  it("a stored e-invoice is served as stored after the seller's data changes, even to data that would break a rule", async () => {
    const { api } = await seller();
    const invoice = await createFinalized(api, await createCustomer(api));
    const first = await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=ubl`);
    expect(first.status).toBe(200);
    expect((await api.patch("/v1/account", { tax_id: null })).status).toBe(200);
    const again = await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=ubl`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toBe(first.body);
  });

  it("the e-invoice and the PDF name the buyer and seller as they were at finalization, first rendered after an edit", async () => {
    const { api, apiKey } = await seller();
    const customer = await createCustomer(api, { legal_name: "Old Buyer Ltd", tax_id: "FR12345678901" });
    const invoice = await createFinalized(api, customer);
    expect((await api.patch(`/v1/customers/${customer}`, { legal_name: "New Buyer SAS", tax_id: "FR99999999999" })).status).toBe(200);
    expect((await api.patch("/v1/account", { legal_name: "Renamed GmbH" })).status).toBe(200);
    const ubl = await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=ubl`);
    expect(ubl.status).toBe(200);
    expect(ubl.body).toContain("Old Buyer Ltd");
    expect(ubl.body).toContain("Stateset GmbH");
    expect(ubl.body).not.toContain("FR99999999999");
    expect(ubl.body).not.toContain("Renamed GmbH");
    const pdf = await exports.default.fetch(`https://api.test/v1/invoices/${invoice.id}/pdf`, { headers: { Authorization: `Bearer ${apiKey}` } });
    const text = (await pdfPages(new Uint8Array(await pdf.arrayBuffer()))).pages.join("\n");
    expect(text).toContain("Old Buyer Ltd");
    expect(text).not.toContain("Renamed GmbH");
  });

  it("a credit note names the parties of the invoice it corrects as that was issued, in its e-invoice and its validation", async () => {
    const { api } = await seller();
    const customer = await createCustomer(api, { legal_name: "Old Buyer Ltd" });
    const invoice = await createFinalized(api, customer);
    const note = (await api.post("/v1/credit_notes", { invoice_id: invoice.id, amount: 1000, reason: "other" })).body;
    expect((await api.patch(`/v1/customers/${customer}`, { legal_name: "New Buyer SAS" })).status).toBe(200);
    expect((await api.patch("/v1/account", { tax_id: null })).status).toBe(200);
    expect((await api.get(`/v1/credit_notes/${note.id}/e-invoice/validation`)).body).toMatchObject({ valid: true });
    const cii = await api.get(`/v1/credit_notes/${note.id}/e-invoice?format=cii`);
    expect(cii.status, JSON.stringify(cii.body)).toBe(200);
    expect(cii.body).toContain("Old Buyer Ltd");
    expect(cii.body).toContain("DE123456789");
  });

  it("an invoice finalized valid for a customer who requires e-invoices stays exportable after the seller edits the account", async () => {
    const { api } = await seller();
    const invoice = await createFinalized(api, await createCustomer(api, { e_invoicing: "required" }));
    expect((await api.patch("/v1/account", { address: null })).status).toBe(200);
    const res = await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=cii`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it("an invoice drafted while its customer had no address keeps the address it was finalized with", async () => {
    const { api } = await seller();
    const customer = await createCustomer(api, { billing_address: null, e_invoicing: "required" });
    const draft = await createDraft(api, customer, { currency: "EUR" });
    const paris = { line1: "12 rue de la Paix", city: "Paris", postal_code: "75002", country: "FR" };
    expect((await api.patch(`/v1/customers/${customer}`, { billing_address: paris })).status).toBe(200);
    expect((await api.post(`/v1/invoices/${draft.id}/finalize`)).status).toBe(200);
    expect((await api.patch(`/v1/customers/${customer}`, { billing_address: null })).status).toBe(200);
    expect((await api.get(`/v1/invoices/${draft.id}/e-invoice/validation`)).body).toMatchObject({ valid: true });
    const ubl = await api.get(`/v1/invoices/${draft.id}/e-invoice?format=ubl`);
    expect(ubl.status, JSON.stringify(ubl.body)).toBe(200);
    expect(ubl.body).toContain("12 rue de la Paix");
  });

  it("a credit line is written as a negative quantity of a positive price (BR-27), with the API's amount", async () => {
    const { api } = await seller();
    const invoice = await createFinalized(api, await createCustomer(api), {
      currency: "EUR",
      line_items: [
        { description: "Service", quantity: 1, unit_price: 10000, tax_rate: 0.19 },
        { description: "Goodwill credit", quantity: 2, unit_price: -1000, tax_rate: 0.19 },
      ],
    });
    expect((await api.get(`/v1/invoices/${invoice.id}/e-invoice/validation`)).body.valid).toBe(true);
    const ubl = await api.get(`/v1/invoices/${invoice.id}/e-invoice?format=ubl`);
    const doc = new DOMParser().parseFromString(ubl.body, "application/xml");
    const line = doc.getElementsByTagNameNS("*", "InvoiceLine")[1]!;
    expect(line.getElementsByTagNameNS("*", "InvoicedQuantity")[0]?.textContent).toBe("-2");
    expect(line.getElementsByTagNameNS("*", "PriceAmount")[0]?.textContent).toBe("10.00");
    expect(line.getElementsByTagNameNS("*", "LineExtensionAmount")[0]?.textContent).toBe("-20.00");
  });
});
