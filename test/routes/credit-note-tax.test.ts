import { describe, expect, it } from "vitest";
import { type Api, createCustomer, createFinalized, newAccount } from "../helpers/api";

/*
 * A note's tax is rounded once per VAT category and rate, as its invoice's is (EN 16931
 * BR-CO-17), so an issued note can always be written as an e-invoice. The account has seller
 * data, so the validation is about tax only.
 */

const SELLER = {
  legal_name: "Stateset GmbH",
  address: { line1: "Friedrichstraße 123", city: "Berlin", postal_code: "10117", country: "DE" },
  tax_id: "DE123456789",
  bank_details: { iban: "DE89370400440532013000", bic: "COBADEFFXXX" },
};

/** A JPY invoice (no minor unit, so one yen of drift breaks BR-CO-17) with two S lines of 100 at 19 %. */
async function yenInvoice() {
  const { api } = await newAccount();
  expect((await api.patch("/v1/account", SELLER)).status).toBe(200);
  const customer = await createCustomer(api);
  const invoice = await createFinalized(api, customer, {
    currency: "JPY",
    line_items: [
      { description: "A", quantity: 1, unit_price: 100, tax_rate: 0.19 },
      { description: "B", quantity: 1, unit_price: 100, tax_rate: 0.19 },
    ],
  });
  expect(invoice.line_items.map((l: { tax_amount: number }) => l.tax_amount)).toEqual([19, 19]);
  return { api, invoice, ids: invoice.line_items.map((l: { id: string }) => l.id) as [string, string] };
}

async function issue(api: Api, invoiceId: string, lines: { invoice_line_item_id: string; amount?: number }[]) {
  const res = await api.post("/v1/credit_notes", { invoice_id: invoiceId, reason: "other", lines });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const validation = await api.get(`/v1/credit_notes/${res.body.id}/e-invoice/validation`);
  expect(validation.status).toBe(200);
  return { note: res.body, validation: validation.body };
}

describe("credit note tax per VAT category and rate", () => {
  it("credits half of both lines: 100 × 19 % = 19, not 10 + 10, and the note's e-invoice is valid", async () => {
    const { api, invoice, ids } = await yenInvoice();
    const { note, validation } = await issue(
      api,
      invoice.id,
      ids.map((id) => ({ invoice_line_item_id: id, amount: 50 })),
    );
    expect(note).toMatchObject({ subtotal: 100, discount_amount: 0, tax_amount: 19, total_amount: 119 });
    expect(note.lines.map((l: { tax_amount: number }) => l.tax_amount)).toEqual([10, 9]);
    expect(validation).toMatchObject({ valid: true });

    // The rest of both lines takes exactly what is left of each line's tax: 9 + 10, again the category's 19.
    const rest = await issue(
      api,
      invoice.id,
      ids.map((id) => ({ invoice_line_item_id: id })),
    );
    expect(rest.note.lines.map((l: { tax_amount: number }) => l.tax_amount)).toEqual([9, 10]);
    expect(rest.note).toMatchObject({ tax_amount: 19, total_amount: 119 });
    expect(rest.validation).toMatchObject({ valid: true });
  });

  it("lets the group's other lines carry what the line that completes leaves of the group's tax", async () => {
    const { api, invoice, ids } = await yenInvoice();
    // Half of A alone: round(9.5) = 10, which leaves A 9 of its 19.
    expect((await issue(api, invoice.id, [{ invoice_line_item_id: ids[0], amount: 50 }])).note.tax_amount).toBe(10);
    // The rest of A (9 left) with 1 of B: the group's 51 × 19 % = 9.69 rounds to 10, so B bears 1 (0.19 alone would be 0).
    const { note, validation } = await issue(api, invoice.id, [{ invoice_line_item_id: ids[0] }, { invoice_line_item_id: ids[1], amount: 1 }]);
    expect(note.lines.map((l: { tax_amount: number }) => l.tax_amount)).toEqual([9, 1]);
    expect(note).toMatchObject({ subtotal: 51, tax_amount: 10, total_amount: 61 });
    expect(validation).toMatchObject({ valid: true });
  });
});
