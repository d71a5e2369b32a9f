import { describe, expect, it } from "vitest";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";

describe("seed invoice (001 create, 002 retrieve)", () => {
  it("prices the seed body to the cent and numbers it at finalization", async () => {
    const { api } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    expect(customer.status).toBe(201);
    const created = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const inv = created.body;
    expect(inv).toMatchObject({
      object: "invoice",
      status: "draft",
      invoice_number: null,
      subtotal: 649500,
      tax_amount: 48000,
      total_amount: 697500,
      amount_due: 697500,
      amount_paid: 0,
      discount_amount: 0,
      currency: "USD",
      issue_date: "2024-01-19",
      due_date: "2024-02-18",
      payment_terms: "Net 30",
    });
    expect(inv.id).toMatch(/^inv_/);
    expect(inv.line_items).toHaveLength(2);
    expect(inv.line_items[0]).toMatchObject({ quantity: 40, unit_price: 15000, amount: 600000, tax_rate: 0.08, tax_amount: 48000 });
    expect(inv.line_items[1]).toMatchObject({ quantity: 5, unit_price: 9900, amount: 49500, tax_rate: 0, tax_amount: 0, product_id: "prod_xyz789" });
    expect(inv.line_items[0].id).toMatch(/^li_/);
    expect(inv.billing_address).toEqual(seedCustomer.billing_address);

    const finalized = await api.post(`/v1/invoices/${inv.id}/finalize`);
    expect(finalized.status, JSON.stringify(finalized.body)).toBe(200);
    expect(finalized.body.invoice_number).toBe("INV-2024-0001");
    expect(finalized.body.status).toBe("finalized");

    const got = await api.get(`/v1/invoices/${inv.id}`);
    expect(got.status).toBe(200);
    expect(got.body.customer).toMatchObject({ id: customer.body.id, name: "Acme Corporation", email: "billing@acme.com" });
    expect(got.body.pdf_url).toMatch(/^https:\/\/invoices\.test\/documents\/[0-9A-Za-z]{30,}\.pdf$/);
    expect(got.body.public_url).toMatch(/^https:\/\/invoices\.test\/pay\/[0-9A-Za-z]{30,}$/);
    expect(got.body.pdf_url).not.toContain(inv.id);
  });
});
