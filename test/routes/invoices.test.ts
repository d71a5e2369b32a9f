import { describe, expect, it } from "vitest";
import { apiClient, createCustomer, createDraft, createFinalized, expectError, newAccount, rawFetch, seedCustomer, seedInvoiceBody } from "../helpers/api";

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

describe("invoices: lifecycle transitions", () => {
  it("finalizes once: number, tokens and finalized_at; a second finalize is 409", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const draft = await createDraft(api, customer);
    expect(draft).toMatchObject({ invoice_number: null, pdf_url: null, public_url: null, finalized_at: null });
    const res = await api.post(`/v1/invoices/${draft.id}/finalize`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "finalized", invoice_number: "INV-2024-0001" });
    expect(res.body.finalized_at).toMatch(/Z$/);
    expectError(await api.post(`/v1/invoices/${draft.id}/finalize`), 409, { code: "invoice_status_conflict" });
    const next = await createFinalized(api, customer);
    expect(next.invoice_number).toBe("INV-2024-0002");
    const otherYear = await createFinalized(api, customer, { issue_date: "2025-01-02", due_date: "2025-02-01" });
    expect(otherYear.invoice_number).toBe("INV-2025-0001");
  });

  it("voids an unpaid final invoice; its number stays used and it cannot move again", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const inv = await createFinalized(api, customer);
    const voided = await api.post(`/v1/invoices/${inv.id}/void`);
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: "voided", invoice_number: "INV-2024-0001", public_url: null });
    expect(voided.body.voided_at).toMatch(/Z$/);
    expectError(await api.post(`/v1/invoices/${inv.id}/void`), 409, { code: "invoice_status_conflict" });
    expectError(await api.post(`/v1/invoices/${inv.id}/mark_uncollectible`), 409, { code: "invoice_status_conflict" });
    expectError(await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 1 }), 409, { code: "invoice_status_conflict" });
    expect((await createFinalized(api, customer)).invoice_number).toBe("INV-2024-0002");
  });

  it("refuses to void or write off a draft", async () => {
    const { api } = await newAccount();
    const draft = await createDraft(api, await createCustomer(api));
    expectError(await api.post(`/v1/invoices/${draft.id}/void`), 409, { code: "invoice_status_conflict" });
    expectError(await api.post(`/v1/invoices/${draft.id}/mark_uncollectible`), 409, { code: "invoice_status_conflict" });
    expect((await api.get(`/v1/invoices/${draft.id}`)).body.status).toBe("draft");
  });

  it("marks uncollectible; a late payment still counts, and it can be voided while unpaid", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const a = await createFinalized(api, customer);
    const written = await api.post(`/v1/invoices/${a.id}/mark_uncollectible`);
    expect(written.status).toBe(200);
    expect(written.body.status).toBe("uncollectible");
    expect(written.body.marked_uncollectible_at).toMatch(/Z$/);
    expectError(await api.post(`/v1/invoices/${a.id}/mark_uncollectible`), 409, { code: "invoice_status_conflict" });
    const paid = await api.post(`/v1/invoices/${a.id}/payments`, { amount: 697500 });
    expect(paid.status).toBe(201);
    expect(paid.body.invoice.status).toBe("paid");

    const b = await createFinalized(api, customer);
    await api.post(`/v1/invoices/${b.id}/mark_uncollectible`);
    expect((await api.post(`/v1/invoices/${b.id}/void`)).body.status).toBe("voided");
  });

  it("refuses to void an invoice with payments", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 1000 });
    expectError(await api.post(`/v1/invoices/${inv.id}/void`), 409, { code: "invoice_has_payments" });
    expect((await api.get(`/v1/invoices/${inv.id}`)).body).toMatchObject({ status: "partially_paid", voided_at: null });
  });

  it("answers 404 for an unknown invoice on every id route", async () => {
    const { api } = await newAccount();
    const missing = "inv_doesnotexist";
    expectError(await api.get(`/v1/invoices/${missing}`), 404, { code: "resource_missing" });
    expectError(await api.patch(`/v1/invoices/${missing}`, { notes: "x" }), 404);
    expectError(await api.delete(`/v1/invoices/${missing}`), 404);
    for (const action of ["finalize", "void", "mark_uncollectible"]) expectError(await api.post(`/v1/invoices/${missing}/${action}`), 404);
    expectError(await api.get(`/v1/invoices/${missing}/events`), 404);
    expectError(await api.get(`/v1/invoices/${missing}/payments`), 404);
    expectError(await api.post(`/v1/invoices/${missing}/payments`, { amount: 1 }), 404);
  });
});

describe("invoices: events", () => {
  it("lists every change, oldest first, with the key that made it", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const second = (await api.post("/v1/api_keys", { name: "ops", scopes: ["invoices:write", "payments:write"] })).body;
    const ops = apiClient(second.secret);
    const own = (await api.get("/v1/api_keys")).body.data.find((k: any) => k.id !== second.id).id;

    const draft = await createDraft(api, customer);
    await api.patch(`/v1/invoices/${draft.id}`, { memo: "m" });
    await ops.post(`/v1/invoices/${draft.id}/finalize`);
    await ops.post(`/v1/invoices/${draft.id}/payments`, { amount: 97500 });
    await api.post(`/v1/invoices/${draft.id}/payments`, { amount: 600000 });
    await api.patch(`/v1/invoices/${draft.id}`, { notes: "thanks" });

    const res = await api.get(`/v1/invoices/${draft.id}/events`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: "list", has_more: false });
    const events = res.body.data;
    expect(events.map((e: any) => [e.type, e.actor])).toEqual([
      ["invoice.created", own],
      ["invoice.updated", own],
      ["invoice.finalized", second.id],
      ["invoice.payment_recorded", second.id],
      ["invoice.payment_recorded", own],
      ["invoice.paid", own],
      ["invoice.updated", own],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ object: "invoice_event", invoice_id: draft.id });
      expect(e.id).toMatch(/^evt_/);
      expect(e.request_id).toMatch(/^req_/);
      expect(e.created_at).toMatch(/Z$/);
    }
    expect(events[1].data).toMatchObject({ fields: ["memo"] });
    expect(events[3].data).toMatchObject({ amount: 97500, status: "partially_paid" });
  });

  it("records void and write-off", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const a = await createFinalized(api, customer);
    await api.post(`/v1/invoices/${a.id}/mark_uncollectible`);
    await api.post(`/v1/invoices/${a.id}/void`);
    const types = (await api.get(`/v1/invoices/${a.id}/events`)).body.data.map((e: any) => e.type);
    expect(types).toEqual(["invoice.created", "invoice.finalized", "invoice.marked_uncollectible", "invoice.voided"]);
  });
});

describe("invoices: protocol errors", () => {
  it("answers 413 with the envelope for a body over 1 MiB", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const res = await api.post("/v1/invoices", { ...seedInvoiceBody(customer), notes: "x".repeat(1024 * 1024 + 10) });
    expectError(res, 413, { type: "payload_too_large_error" });
    expect((await api.get("/v1/invoices")).body.data).toHaveLength(0);
  });

  it("answers 404 with the envelope for an unknown route", async () => {
    const { api } = await newAccount();
    expectError(await api.get("/v1/nothing-here"), 404, { type: "not_found_error", code: "route_not_found" });
    expectError(await api.post("/v1/invoices/inv_x/send_to_mars"), 404, { type: "not_found_error" });
    const anonymous = await rawFetch("/definitely/not/here");
    expectError(anonymous, 404, { type: "not_found_error", code: "route_not_found" });
  });

  it("answers 400 with the envelope for malformed JSON", async () => {
    const { apiKey } = await newAccount();
    const res = await rawFetch("/v1/customers", {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
      body: '{"name": "Acme",',
    });
    expectError(res, 400, { type: "invalid_request_error" });
  });
});

describe("invoices: empty updates", () => {
  it("an empty PATCH changes nothing and records no event", async () => {
    const { api } = await newAccount();
    const draft = await createDraft(api, await createCustomer(api));
    const before = await api.get(`/v1/invoices/${draft.id}/events`);
    const res = await api.patch(`/v1/invoices/${draft.id}`, {});
    expect(res.status).toBe(200);
    expect(res.body.updated_at).toBe(draft.updated_at);
    const after = await api.get(`/v1/invoices/${draft.id}/events`);
    expect(after.body.data).toHaveLength(before.body.data.length);
  });
});
