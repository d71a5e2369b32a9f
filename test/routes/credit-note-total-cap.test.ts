import { describe, expect, it } from "vitest";
import { createCustomer, createFinalized, expectError, newAccount } from "../helpers/api";

/*
 * Never more than invoiced: an invoice's credit lines (negative prices) lower its total and are
 * never credited themselves, so crediting its other lines in full must still stop at its total.
 */
describe("a credit note never credits more than is left of the invoice's total", () => {
  it("refuses the charge line of an invoice with a credit line in full, accepts up to the total, and changes nothing when refused", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const invoice = await createFinalized(api, customer, {
      line_items: [
        { description: "Service", quantity: 1, unit_price: 10000, tax_rate: 0.19 },
        { description: "Goodwill credit", quantity: 1, unit_price: -9000, tax_rate: 0.19 },
      ],
    });
    expect(invoice.total_amount).toBe(1190);
    const refused = await api.post("/v1/credit_notes", {
      invoice_id: invoice.id,
      reason: "other",
      lines: [{ invoice_line_item_id: invoice.line_items[0].id }],
      credit_amount: 11900 - 1190,
    });
    expect(expectError(refused, 400, { param: "lines" }).message).toContain("1190");
    expect((await api.get(`/v1/customers/${customer}`)).body.credit_balances).toEqual({});
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ credited_amount: 0, amount_due: 1190 });

    const allowed = await api.post("/v1/credit_notes", {
      invoice_id: invoice.id,
      reason: "other",
      lines: [{ invoice_line_item_id: invoice.line_items[0].id, amount: 1000 }],
    });
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(201);
    expect(allowed.body.total_amount).toBe(1190);
    const more = await api.post("/v1/credit_notes", { invoice_id: invoice.id, reason: "other", amount: 1 });
    expect(more.status).toBe(400);
  });
});
