import { describe, expect, it } from "vitest";
import { apiClient, createCustomer, createDraft, createFinalized, expectError, newAccount, rawFetch, seedInvoiceBody } from "../helpers/api";

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
      ["invoice.payment_succeeded", second.id],
      ["invoice.payment_succeeded", own],
      ["invoice.paid", own],
      ["invoice.updated", own],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ object: "event", data: { object: { id: draft.id } } });
      expect(e.id).toMatch(/^evt_/);
      expect(e.request.id).toMatch(/^req_/);
      expect(e.created_at).toMatch(/Z$/);
    }
    expect(events[1].data).toMatchObject({ fields: ["memo"] });
    expect(events[3].data).toMatchObject({ payment: { amount: 97500 }, object: { status: "partially_paid", amount_paid: 97500 } });
    // Each event carries the invoice as it was then: the finalization has its number, the draft had none.
    expect(events[0].data.object).toMatchObject({ status: "draft", invoice_number: null });
    expect(events[2].data.object).toMatchObject({ status: "finalized", invoice_number: expect.stringMatching(/-0001$/) });
    expect(events[5].data.object).toMatchObject({ status: "paid", amount_due: 0 });
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
