import { describe, expect, it } from "vitest";
import { createCustomer, createDraft, expectError, newAccount, seedInvoiceBody } from "../helpers/api";

/*
 * A draft line that derives its category follows the customer: an exempt customer's E line,
 * with the reason it is exempt, becomes S under a taxed customer, and the reason, which S
 * lines do not state (EN 16931 BR-S-10), goes with the old category. A request that sends
 * such a line itself is still refused.
 */

const EXEMPT_LINE = { description: "Course", quantity: 1, unit_price: 10000, tax_rate: 0.19, tax_exemption_reason: "Art. 132(1)(i) VAT Directive" };

describe("a draft moved between an exempt and a taxed customer", () => {
  it("re-derives an exempt line as S, drops its exemption reason and charges the tax", async () => {
    const { api } = await newAccount();
    const exempt = await createCustomer(api, { tax_status: "exempt" });
    const taxed = await createCustomer(api, { name: "Taxed Co" });
    const draft = await createDraft(api, exempt, { line_items: [{ ...EXEMPT_LINE, tax_exemption_reason_code: "VATEX-EU-132-1I" }] });
    expect(draft.line_items[0]).toMatchObject({ tax_category: "E", tax_amount: 0, tax_exemption_reason: EXEMPT_LINE.tax_exemption_reason });

    const res = await api.patch(`/v1/invoices/${draft.id}`, { customer_id: taxed });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ customer_id: taxed, tax_amount: 1900, total_amount: 11900 });
    expect(res.body.line_items[0]).toMatchObject({ tax_category: "S", tax_amount: 1900, tax_exemption_reason: null, tax_exemption_reason_code: null });
    // As stored, not only as answered.
    expect((await api.get(`/v1/invoices/${draft.id}`)).body.line_items[0]).toMatchObject({ tax_category: "S", tax_exemption_reason: null });
  });

  it("still refuses a request that sends an S line with an exemption reason, derived or named", async () => {
    const { api } = await newAccount();
    const taxed = await createCustomer(api, { name: "Taxed Co" });
    const draft = await createDraft(api, taxed);
    const derived = await api.patch(`/v1/invoices/${draft.id}`, { line_items: [EXEMPT_LINE] });
    expectError(derived, 400, { param: "line_items.0.tax_exemption_reason" });
    const named = await api.post("/v1/invoices", { ...seedInvoiceBody(taxed), line_items: [{ ...EXEMPT_LINE, tax_category: "S" }] });
    expectError(named, 400, { param: "line_items.0.tax_exemption_reason" });
  });

  it("keeps a named E line's reason when it moves to a taxed customer", async () => {
    const { api } = await newAccount();
    const exempt = await createCustomer(api, { tax_status: "exempt" });
    const taxed = await createCustomer(api, { name: "Taxed Co" });
    const draft = await createDraft(api, exempt, { line_items: [{ ...EXEMPT_LINE, tax_rate: 0, tax_category: "E" }] });
    const res = await api.patch(`/v1/invoices/${draft.id}`, { customer_id: taxed });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.line_items[0]).toMatchObject({ tax_category: "E", tax_amount: 0, tax_exemption_reason: EXEMPT_LINE.tax_exemption_reason });
  });

  it("drops a derived line's reason when it becomes reverse charged (AE gets its own), and keeps it on a move between exempt customers", async () => {
    const { api } = await newAccount();
    const exempt = await createCustomer(api, { tax_status: "exempt" });
    const alsoExempt = await createCustomer(api, { name: "Other Clinic", tax_status: "exempt" });
    const reverse = await createCustomer(api, { name: "Dupont SARL", tax_status: "reverse_charge" });
    const draft = await createDraft(api, exempt, { line_items: [EXEMPT_LINE] });
    const same = await api.patch(`/v1/invoices/${draft.id}`, { customer_id: alsoExempt });
    expect(same.body.line_items[0]).toMatchObject({ tax_category: "E", tax_exemption_reason: EXEMPT_LINE.tax_exemption_reason });
    const moved = await api.patch(`/v1/invoices/${draft.id}`, { customer_id: reverse });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.line_items[0]).toMatchObject({ tax_category: "AE", tax_amount: 0, tax_exemption_reason: null, tax_exemption_reason_code: null });
  });
});
