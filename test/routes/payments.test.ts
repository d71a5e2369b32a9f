import { describe, expect, it } from "vitest";
import { createCustomer, createDraft, createFinalized, expectError, keyWithScopes, newAccount } from "../helpers/api";

describe("payments: happy paths", () => {
  it("a partial payment makes the invoice partially_paid, the rest makes it paid with paid_at", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    const first = await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 200000, method: "bank_transfer", reference: "WIRE-1" });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      object: "payment",
      invoice_id: inv.id,
      amount: 200000,
      currency: "USD",
      method: "bank_transfer",
      reference: "WIRE-1",
      source: "api",
    });
    expect(first.body.id).toMatch(/^pay_/);
    expect(first.body.invoice).toMatchObject({ status: "partially_paid", amount_paid: 200000, amount_due: 497500, paid_at: null });

    const paidAt = "2024-02-01T12:00:00Z";
    const rest = await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 497500, currency: "usd", paid_at: paidAt });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body.invoice).toMatchObject({ status: "paid", amount_paid: 697500, amount_due: 0 });
    expect(Date.parse(rest.body.invoice.paid_at)).toBe(Date.parse(paidAt));
    expect((await api.get(`/v1/invoices/${inv.id}`)).body).toMatchObject({ status: "paid", amount_due: 0 });
  });

  it("records a payment Stateset-style with invoice_id in the body", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    const res = await api.post("/v1/payments", { invoice_id: inv.id, amount: 697500 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ invoice_id: inv.id, amount: 697500, invoice: { status: "paid" } });
  });

  it("lists an invoice's payments and only its own", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const inv = await createFinalized(api, customer);
    const other = await createFinalized(api, customer);
    const a = (await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 1000 })).body;
    const b = (await api.post("/v1/payments", { invoice_id: inv.id, amount: 2000 })).body;
    await api.post(`/v1/invoices/${other.id}/payments`, { amount: 3000 });
    const list = await api.get(`/v1/invoices/${inv.id}/payments`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: "list", has_more: false });
    expect(list.body.data.map((p: any) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(list.body.data.map((p: any) => p.amount).reduce((x: number, y: number) => x + y, 0)).toBe(3000);
    expect(list.body.data[0]).not.toHaveProperty("invoice");
    expect((await api.get(`/v1/invoices/${other.id}/payments`)).body.data).toHaveLength(1);
  });
});

describe("payments: errors", () => {
  it("refuses an overpayment (400 param amount) and changes nothing", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    expectError(await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 697501 }), 400, { param: "amount" });
    await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 697000 });
    expectError(await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 501 }), 400, { param: "amount" });
    expectError(await api.post("/v1/payments", { invoice_id: inv.id, amount: 501 }), 400, { param: "amount" });
    const after = (await api.get(`/v1/invoices/${inv.id}`)).body;
    expect(after).toMatchObject({ status: "partially_paid", amount_paid: 697000, amount_due: 500 });
    expect((await api.get(`/v1/invoices/${inv.id}/payments`)).body.data).toHaveLength(1);
  });

  it("refuses a payment in another currency (400 param currency)", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    expectError(await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 100, currency: "EUR" }), 400, { param: "currency" });
    expect((await api.get(`/v1/invoices/${inv.id}`)).body.amount_paid).toBe(0);
  });

  it("names bad amounts and unknown fields", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    for (const amount of [0, -5, 1.5, "100"]) expectError(await api.post(`/v1/invoices/${inv.id}/payments`, { amount }), 400, { param: "amount" });
    expectError(await api.post(`/v1/invoices/${inv.id}/payments`, {}), 400, { param: "amount" });
    expectError(await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 1, paid_at: "yesterday" }), 400, { param: "paid_at" });
    for (const field of ["status", "invoice_id", "source", "external_id", "id"])
      expectError(await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 1, [field]: "x" }), 400, { code: "parameter_unknown", param: field });
    expectError(await api.post("/v1/payments", { amount: 1 }), 400, { param: "invoice_id" });
    expectError(await api.post("/v1/payments", { invoice_id: "inv_nope", amount: 1 }), 400, { param: "invoice_id", code: "resource_missing" });
  });

  it("refuses payments on drafts and paid invoices (409)", async () => {
    const { api } = await newAccount();
    const customer = await createCustomer(api);
    const draft = await createDraft(api, customer);
    expectError(await api.post(`/v1/invoices/${draft.id}/payments`, { amount: 1 }), 409, { code: "invoice_status_conflict" });
    const paid = await createFinalized(api, customer);
    await api.post(`/v1/invoices/${paid.id}/payments`, { amount: 697500 });
    expectError(await api.post(`/v1/invoices/${paid.id}/payments`, { amount: 1 }), 409, { code: "invoice_status_conflict" });
    expectError(await api.post("/v1/payments", { invoice_id: draft.id, amount: 1 }), 409);
  });

  it("never overpays under concurrent payments", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    const results = await Promise.all(Array.from({ length: 6 }, () => api.post(`/v1/invoices/${inv.id}/payments`, { amount: 200000 })));
    const ok = results.filter((r) => r.status === 201).length;
    expect(ok).toBe(3); // 3 × 200000 ≤ 697500 < 4 × 200000
    for (const r of results.filter((r) => r.status !== 201)) expect([400, 409]).toContain(r.status);
    const after = (await api.get(`/v1/invoices/${inv.id}`)).body;
    expect(after.amount_paid).toBe(600000);
    expect((await api.get(`/v1/invoices/${inv.id}/payments`)).body.data).toHaveLength(3);
  });
});

describe("payments: security", () => {
  it("needs payments:write to record and invoices:read to list", async () => {
    const { api, accountId } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    const invoicesOnly = await keyWithScopes(accountId, ["invoices:write"]);
    expectError(await invoicesOnly.post(`/v1/invoices/${inv.id}/payments`, { amount: 1 }), 403, { code: "missing_scope" });
    expectError(await invoicesOnly.post("/v1/payments", { invoice_id: inv.id, amount: 1 }), 403, { code: "missing_scope" });
    expect((await invoicesOnly.get(`/v1/invoices/${inv.id}/payments`)).status).toBe(200);
    const payer = await keyWithScopes(accountId, ["payments:write"]);
    expect((await payer.post(`/v1/invoices/${inv.id}/payments`, { amount: 1 })).status).toBe(201);
    expectError(await payer.get(`/v1/invoices/${inv.id}/payments`), 403, { code: "missing_scope" });
    expect((await api.get(`/v1/invoices/${inv.id}`)).body.amount_paid).toBe(1);
  });
});

describe("payments: dates", () => {
  it("refuses a payment dated in the future and records nothing", async () => {
    const { api } = await newAccount();
    const inv = await createFinalized(api, await createCustomer(api));
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expectError(await api.post(`/v1/invoices/${inv.id}/payments`, { amount: 100, paid_at: future }), 400, { param: "paid_at" });
    expect((await api.get(`/v1/invoices/${inv.id}/payments`)).body.data).toEqual([]);
    expect((await api.get(`/v1/invoices/${inv.id}`)).body.amount_paid).toBe(0);
  });
});
