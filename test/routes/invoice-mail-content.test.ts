import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { actingAs } from "../../src/services/invoices/context";
import { markOverdue } from "../../src/services/invoices/transitions";
import { buildServices } from "../../src/services/services";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";
import { capturingBinding, postWithMail } from "../helpers/captured-mail";

const PAY_LINK = /https:\/\/invoices\.test\/pay\/[A-Za-z0-9_-]+/;

async function sentInvoice(input: Parameters<typeof newAccount>[0] = {}) {
  const account = await newAccount(input);
  const mail = capturingBinding();
  const customer = await account.api.post("/v1/customers", seedCustomer);
  const created = await postWithMail(account.apiKey, mail.binding, "/v1/invoices", { ...seedInvoiceBody(customer.body.id), send_email: true });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { ...account, mail, invoice: created.body };
}

describe("what the invoice email says", () => {
  it("carries the pay page link by default", async () => {
    const { mail, invoice } = await sentInvoice();
    const email = await mail.last();
    expect(email.text).toContain(`View and pay online: ${invoice.public_url}`);
    expect(email.html).toContain(`href="${invoice.public_url}"`);
  });

  it("leaves the pay link out when the account hides it, as the pay page does", async () => {
    const { api, mail, invoice } = await sentInvoice({ paymentLinkDisplay: "HIDE_PAYMENT_LINK", checkoutUrlTemplate: "https://pay.example.com/{invoice_id}" });
    const email = await mail.last();
    expect(email.text).not.toMatch(PAY_LINK);
    expect(email.html).not.toMatch(PAY_LINK);
    expect(email.text).not.toContain("View and pay online");
    const page = await api.get(new URL(invoice.public_url).pathname);
    expect(page.body).not.toContain('id="pay-now"');
  });

  it("says an overdue invoice sent again is overdue, not that it is due", async () => {
    const { api, apiKey, accountId, mail, invoice } = await sentInvoice();
    const ctx = actingAs(buildServices(env, { scheduler: false }), accountId, "system:test");
    await markOverdue(ctx, invoice.id);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.status).toBe("overdue");

    const again = await postWithMail(apiKey, mail.binding, `/v1/invoices/${invoice.id}/send`, {});
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const email = await mail.last();
    for (const body of [email.text ?? "", email.html ?? ""]) {
      expect(body).toMatch(/for \$6,975\.00 was due on February 18, 2024 and is now \d+ days overdue\./);
      expect(body).not.toContain("due on February 18, 2024.");
    }
    expect(email.text).toMatch(/Days overdue: \d+/);
    expect(email.subject).toBe("Invoice INV-2024-0001 from Stateset");
  });
});
