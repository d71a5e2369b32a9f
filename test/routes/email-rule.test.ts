import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { expectError, newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";

const LONG_LABEL = `x@${"a".repeat(64)}.com`;

describe("one email rule for the API and the mailer", () => {
  it.each([
    ["x@a-.com", "a label ending in a hyphen"],
    [LONG_LABEL, "a 64-character label"],
    ["x@-a.com", "a label starting with a hyphen"],
    ["a@b.co\r\nBcc: evil@x.com", "a line break"],
  ])("refuses customer email %j (%s) with a 400 naming email, and stores nothing", async (email) => {
    const { api } = await newAccount();
    expectError(await api.post("/v1/customers", { ...seedCustomer, email }), 400, { type: "invalid_request_error", param: "email" });
    expect((await api.get("/v1/customers")).body.data).toEqual([]);
  });

  it("refuses the same address on update, in the account's email and sender_email, and in to/cc/bcc", async () => {
    const { api } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    expectError(await api.patch(`/v1/customers/${customer.body.id}`, { email: "x@a-.com" }), 400, { param: "email" });
    expect((await api.get(`/v1/customers/${customer.body.id}`)).body.email).toBe("billing@acme.com");
    expectError(await api.patch("/v1/account", { email: "x@a-.com" }), 400, { param: "email" });
    expectError(await api.patch("/v1/account", { sender_email: LONG_LABEL }), 400, { param: "sender_email" });

    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    for (const [field, body] of [
      ["to.0", { to: ["x@a-.com"] }],
      ["cc.1", { cc: ["ok@acme.com", LONG_LABEL] }],
      ["bcc.0", { bcc: ["x@a-.com"] }],
    ] as const) {
      expectError(await api.post(`/v1/invoices/${draft.body.id}/send`, body), 400, { param: field });
    }
    const after = await api.get(`/v1/invoices/${draft.body.id}`);
    expect(after.body).toMatchObject({ status: "draft", invoice_number: null, sent_count: 0 });
  });

  it("accepts ordinary and internationalised addresses", async () => {
    const { api } = await newAccount();
    for (const email of ["billing@acme.com", "o'brien+inv@sub.example.ie", "user@bücher.de", `x@${"a".repeat(63)}.com`]) {
      const res = await api.post("/v1/customers", { ...seedCustomer, email });
      expect(res.status, `${email}: ${JSON.stringify(res.body)}`).toBe(201);
    }
  });

  it("create with send_email for a customer whose stored email cannot be mailed is a 400 that leaves no invoice", async () => {
    const { api, accountId } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    // An address stored before the API refused such addresses: only the mailer's check is left.
    await env.DB.prepare("UPDATE customers SET email = ? WHERE id = ? AND account_id = ?").bind("x@a-.com", customer.body.id, accountId).run();

    const res = await api.post("/v1/invoices", { ...seedInvoiceBody(customer.body.id), send_email: true });
    expectError(res, 400, { type: "invalid_request_error", param: "customer.email" });
    expect((await api.get("/v1/invoices")).body.data).toEqual([]);
    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE account_id = ? AND object_type = 'invoice'")
      .bind(accountId)
      .first<{ n: number }>();
    expect(events?.n).toBe(0);
  });
});
