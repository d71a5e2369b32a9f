import { beforeAll, describe, expect, it } from "vitest";
import { type Api, createCustomer, expectError, newAccount, seedInvoiceBody } from "../helpers/api";

let api: Api;
let customerId: string;

beforeAll(async () => {
  api = (await newAccount()).api;
  customerId = await createCustomer(api);
});

const line = { description: "Work", quantity: 1, unit_price: 1000 };

describe("dates outside 1970-01-01 … 2099-12-31", () => {
  it.each(["due_date", "issue_date", "accounting_date"])("are refused as %s, saying the range", async (field) => {
    for (const date of ["9999-12-31", "2100-01-01", "1969-12-31"]) {
      const error = expectError(await api.post("/v1/invoices", { customer_id: customerId, line_items: [line], [field]: date }), 400, { param: field });
      expect(error.message).toContain("between 1970-01-01 and 2099-12-31");
    }
  });

  it("issue_date 9999-12-31 with Net 30 says the issue date is out of range (not that the due date is before it)", async () => {
    const body = { customer_id: customerId, line_items: [line], issue_date: "9999-12-31", payment_terms: "Net 30" };
    const error = expectError(await api.post("/v1/invoices", body), 400, { param: "issue_date" });
    expect(error.message).toContain("2099-12-31");
    expect(error.message).not.toContain("before issue_date");
  });

  it("terms that carry the due date past the range name payment_terms", async () => {
    const body = { customer_id: customerId, line_items: [line], issue_date: "2099-12-15", payment_terms: "Net 30" };
    const error = expectError(await api.post("/v1/invoices", body), 400, { param: "payment_terms" });
    expect(error.message).toContain("2099-12-31");
  });

  it("are refused in billing periods, list filters and payment timestamps", async () => {
    const period = { customer_id: customerId, line_items: [line], billing_period: { start: "2024-01-01", end_inclusive: "9999-12-31" } };
    expectError(await api.post("/v1/invoices", period), 400, { param: "billing_period.end_inclusive" });
    expectError(await api.get("/v1/invoices?due_date_lte=9999-12-31"), 400, { param: "due_date_lte" });
    const invoice = await api.post("/v1/invoices", { ...seedInvoiceBody(customerId), send_email: false });
    await api.post(`/v1/invoices/${invoice.body.id}/finalize`);
    const error = expectError(await api.post(`/v1/invoices/${invoice.body.id}/payments`, { amount: 100, paid_at: "1969-07-20T20:17:00Z" }), 400, {
      param: "paid_at",
    });
    expect(error.message).toContain("between 1970-01-01 and 2099-12-31");
  });
});

describe("the latest accepted date", () => {
  it("can be finalized and survives a time-zone change (its alarm can be armed)", async () => {
    const created = await api.post("/v1/invoices", { customer_id: customerId, line_items: [line], issue_date: "2099-12-01", due_date: "2099-12-31" });
    expect(created.status).toBe(201);
    const finalized = await api.post(`/v1/invoices/${created.body.id}/finalize`);
    expect(finalized.status).toBe(200);
    const patched = await api.patch("/v1/account", { timezone: "Europe/Berlin" });
    expect(patched.status).toBe(200);
    expect(patched.body.timezone).toBe("Europe/Berlin");
  });
});
