import { describe, expect, it } from "vitest";
import { createCustomer, createDraft, createFinalized, expectError, newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";

describe("invoices: create and retrieve", () => {
  it("retrieves every seed 002 field that applies", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const body = seedInvoiceBody(customer);
    body.line_items[0] = { ...body.line_items[0]!, account_code: "4000" } as any;
    body.line_items[1] = { ...body.line_items[1]!, account_code: "4100" } as any;
    const created = await createDraft(api, customer, {
      line_items: body.line_items,
      notes: "Thank you for your business!",
      metadata: { po_number: "PO-12345", project_code: "PROJ-2024-001" },
    });
    await api.post(`/v1/invoices/${created.id}/finalize`);
    const got = (await api.get(`/v1/invoices/${created.id}`)).body;
    expect(got).toMatchObject({
      object: "invoice",
      invoice_number: "INV-2024-0001",
      status: "finalized",
      customer_id: customer,
      customer: { id: customer, name: "Acme Corporation", email: "billing@acme.com" },
      issue_date: "2024-01-19",
      due_date: "2024-02-18",
      currency: "USD",
      subtotal: 649500,
      tax_amount: 48000,
      discount_amount: 0,
      total_amount: 697500,
      amount_paid: 0,
      amount_due: 697500,
      billing_address: seedCustomer.billing_address,
      payment_terms: "Net 30",
      notes: "Thank you for your business!",
      metadata: { po_number: "PO-12345", project_code: "PROJ-2024-001" },
      sent_at: null,
      viewed_at: null,
    });
    expect(got.line_items).toEqual([
      expect.objectContaining({
        description: "Professional Services - January 2024",
        quantity: 40,
        unit_price: 15000,
        amount: 600000,
        tax_rate: 0.08,
        tax_amount: 48000,
        account_code: "4000",
      }),
      expect.objectContaining({
        description: "Software License",
        quantity: 5,
        unit_price: 9900,
        amount: 49500,
        product_id: "prod_xyz789",
        tax_rate: 0,
        tax_amount: 0,
        account_code: "4100",
      }),
    ]);
    for (const field of ["created_at", "finalized_at", "pdf_url", "public_url"]) expect(got[field], field).toEqual(expect.any(String));
  });

  it("stores the merchant fields beyond the seed and derives the due date from terms", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const shipping = { line1: "1 Dock Rd", city: "Oakland", country: "US" };
    const inv = await createDraft(api, customer, {
      due_date: undefined,
      payment_terms: "Net 14",
      memo: "Q1 retainer",
      purchase_order_number: "PO-9",
      reference: "REF-1",
      billing_period: { start: "2024-01-01", end_inclusive: "2024-01-31" },
      shipping_address: shipping,
      discount: { type: "percent", percent: 10 },
    });
    expect(inv).toMatchObject({
      due_date: "2024-02-02",
      memo: "Q1 retainer",
      purchase_order_number: "PO-9",
      reference: "REF-1",
      billing_period: { start: "2024-01-01", end_inclusive: "2024-01-31" },
      shipping_address: shipping,
      discount: { type: "percent", percent: 10 },
      subtotal: 649500,
      discount_amount: 64950,
    });
    expect(inv.total_amount).toBe(inv.subtotal - inv.discount_amount + inv.tax_amount);
    const receipt = await createDraft(api, customer, { due_date: undefined, payment_terms: "Due on receipt" });
    expect(receipt.due_date).toBe("2024-01-19");
  });

  it("names the bad field on create", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const base = seedInvoiceBody(customer);
    const cases: [Record<string, unknown>, string][] = [
      [{ customer_id: "cust_nope" }, "customer_id"],
      [{ line_items: [] }, "line_items"],
      [{ line_items: [{ description: "x", quantity: -1, unit_price: 1 }] }, "line_items.0.quantity"],
      [{ line_items: [{ description: "x", quantity: 0.00001, unit_price: 1 }] }, "line_items.0.quantity"],
      [{ line_items: [{ description: "x", quantity: 1, unit_price: 1.5 }] }, "line_items.0.unit_price"],
      [{ line_items: [{ description: "x", quantity: 1, unit_price: 1, tax_rate: 8 }] }, "line_items.0.tax_rate"],
      [{ currency: "ZZZ" }, "currency"],
      [{ issue_date: "2024-02-30" }, "issue_date"],
      [{ due_date: "2024-01-01" }, "due_date"],
      [{ due_date: undefined, payment_terms: "When we feel like it" }, "payment_terms"],
      [{ discount: { type: "amount", amount: 10_000_000 } }, "discount.amount"],
      [{ discount: { type: "percent", percent: 101 } }, "discount.percent"],
      [{ billing_period: { start: "2024-02-01", end_inclusive: "2024-01-01" } }, "billing_period.end_inclusive"],
      [{ metadata: { ["k".repeat(41)]: "v" } }, "metadata"],
    ];
    for (const [fields, param] of cases) {
      const error = expectError(await api.post("/v1/invoices", { ...base, ...fields }), 400, { type: "invalid_request_error" });
      expect(error.param?.startsWith(param), `${JSON.stringify(fields)} → ${error.param}`).toBe(true);
    }
    const count = (await api.get("/v1/invoices?limit=100")).body.data.length;
    expect(count).toBe(0);
  });

  it("refuses status, totals, ids, number and account in a body as parameter_unknown", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const draft = await createDraft(api, customer);
    const fields = [
      "status",
      "subtotal",
      "tax_amount",
      "total_amount",
      "discount_amount",
      "amount_paid",
      "amount_due",
      "id",
      "invoice_number",
      "number",
      "account_id",
      "object",
      "finalized_at",
      "paid_at",
    ];
    for (const field of fields) {
      expectError(await api.post("/v1/invoices", { ...seedInvoiceBody(customer), [field]: field === "status" ? "paid" : 1 }), 400, {
        code: "parameter_unknown",
        param: field,
      });
      expectError(await api.patch(`/v1/invoices/${draft.id}`, { [field]: 1 }), 400, { code: "parameter_unknown", param: field });
    }
    for (const field of ["amount", "tax_amount", "id"]) {
      const lines = [{ ...seedInvoiceBody(customer).line_items[0], [field]: 1 }];
      expectError(await api.post("/v1/invoices", { ...seedInvoiceBody(customer), line_items: lines }), 400, {
        code: "parameter_unknown",
        param: `line_items.0.${field}`,
      });
    }
    expect((await api.get(`/v1/invoices/${draft.id}`)).body).toMatchObject({ status: "draft", total_amount: 697500, invoice_number: null });
  });

  // send_email landed with the delivery issue: it finalizes and sends in the same call.
  it("sends with send_email: true (400 naming send_email when the customer has no address)", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const sent = await api.post("/v1/invoices", { ...seedInvoiceBody(customer), send_email: true });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ status: "sent", invoice_number: "INV-2024-0001", sent_count: 1 });
    const silent = await createCustomer(api, { email: null });
    expectError(await api.post("/v1/invoices", { ...seedInvoiceBody(silent), send_email: true }), 400, { param: "send_email" });
    expect((await api.post("/v1/invoices", { ...seedInvoiceBody(customer), send_email: false })).body.status).toBe("draft");
  });
});

describe("invoices: update", () => {
  it("updates a draft freely and reprices it", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const exempt = await createCustomer(api, { name: "Exempt Co", tax_status: "exempt", billing_address: { line1: "9 Free St", country: "DE" } });
    const draft = await createDraft(api, customer);

    const relined = await api.patch(`/v1/invoices/${draft.id}`, { line_items: [{ description: "One", quantity: 2.5, unit_price: 1001, tax_rate: 0.2 }] });
    expect(relined.status, JSON.stringify(relined.body)).toBe(200);
    expect(relined.body).toMatchObject({ subtotal: 2503, tax_amount: 501, total_amount: 3004 }); // 2502.5 → 2503; 500.6 → 501
    expect(relined.body.line_items).toHaveLength(1);

    const discounted = await api.patch(`/v1/invoices/${draft.id}`, { discount: { type: "amount", amount: 503 } });
    expect(discounted.body).toMatchObject({ subtotal: 2503, discount_amount: 503, tax_amount: 400, total_amount: 2400 });

    const moved = await api.patch(`/v1/invoices/${draft.id}`, { customer_id: exempt });
    expect(moved.body).toMatchObject({ customer_id: exempt, customer_tax_status: "exempt", tax_amount: 0, total_amount: 2000 });
    expect(moved.body.billing_address).toEqual({ line1: "9 Free St", country: "DE" });

    const redated = await api.patch(`/v1/invoices/${draft.id}`, { issue_date: "2024-03-01", payment_terms: "Net 10" });
    expect(redated.body).toMatchObject({ issue_date: "2024-03-01", due_date: "2024-03-11", payment_terms: "Net 10" });

    const noted = await api.patch(`/v1/invoices/${draft.id}`, { memo: "m", notes: "n", metadata: { a: "1" } });
    expect(noted.body).toMatchObject({ memo: "m", notes: "n", metadata: { a: "1" }, status: "draft", invoice_number: null });
    expect((await api.get(`/v1/invoices/${draft.id}`)).body).toEqual(noted.body);
  });

  it("changes only metadata and notes once finalized; any other field is a 409 naming it", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    const ok = await api.patch(`/v1/invoices/${inv.id}`, { notes: "Paid by wire, thanks", metadata: { crm: "42" } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ notes: "Paid by wire, thanks", metadata: { crm: "42" }, invoice_number: inv.invoice_number, total_amount: 697500 });
    const fixed: Record<string, unknown> = {
      memo: "changed",
      line_items: [{ description: "x", quantity: 1, unit_price: 1 }],
      due_date: "2024-12-31",
      discount: { type: "amount", amount: 1 },
      currency: "EUR",
      reference: "r",
    };
    for (const [field, value] of Object.entries(fixed))
      expectError(await api.patch(`/v1/invoices/${inv.id}`, { notes: "still", [field]: value }), 409, {
        type: "conflict_error",
        code: "invoice_finalized",
        param: field,
      });
    const after = (await api.get(`/v1/invoices/${inv.id}`)).body;
    expect(after).toMatchObject({ notes: "Paid by wire, thanks", memo: null, total_amount: 697500, due_date: "2024-02-18", currency: "USD" });
  });
});

describe("invoices: delete", () => {
  it("deletes a draft, and only a draft", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const draft = await createDraft(api, customer);
    const deleted = await api.delete(`/v1/invoices/${draft.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: draft.id, object: "invoice", deleted: true });
    expectError(await api.get(`/v1/invoices/${draft.id}`), 404, { code: "resource_missing" });
    expectError(await api.delete(`/v1/invoices/${draft.id}`), 404);

    const final = await createFinalized(api, customer);
    expectError(await api.delete(`/v1/invoices/${final.id}`), 409, { code: "invoice_status_conflict" });
    expect((await api.get(`/v1/invoices/${final.id}`)).body.status).toBe("finalized");
    // Now the customer has invoices and stays.
    expectError(await api.delete(`/v1/customers/${customer}`), 409);
  });
});
