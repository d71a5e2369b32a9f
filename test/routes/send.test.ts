import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";

describe("POST /v1/invoices with send_email and POST /v1/invoices/:id/send", () => {
  it("creates, finalizes and sends the seed invoice in one call, then sends again with the seed 000 body", async () => {
    const { api, accountId } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const created = await api.post("/v1/invoices", { ...seedInvoiceBody(customer.body.id), send_email: true });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: "sent", invoice_number: "INV-2024-0001", total_amount: 697500, sent_count: 1 });
    expect(created.body.email_details).toMatchObject({
      sent_to: ["billing@acme.com"],
      subject: "Invoice INV-2024-0001 from Stateset",
      attachments: ["invoice_INV-2024-0001.pdf"],
    });

    const again = await api.post(`/v1/invoices/${created.body.id}/send`, {
      cc: ["accounting@acme.com"],
      message: "Please find attached invoice for January services. Let me know if you have any questions.",
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({
      object: "invoice",
      status: "sent",
      sent_count: 2,
      email_details: {
        sent_to: ["billing@acme.com"],
        cc: ["accounting@acme.com"],
        subject: "Invoice INV-2024-0001 from Stateset",
        attachments: ["invoice_INV-2024-0001.pdf"],
      },
    });
    expect(again.body.last_sent_at).toBe(again.body.sent_at);
    const next = new Date(again.body.next_reminder_date).getTime() - new Date(again.body.last_sent_at).getTime();
    expect(Math.round(next / 1000)).toBe(7 * 24 * 3600);

    const stored = await env.DOCUMENTS.list({ prefix: `accounts/${accountId}/invoices/${created.body.id}/` });
    expect(stored.objects.map((o) => o.key)).toEqual([`accounts/${accountId}/invoices/${created.body.id}/INV-2024-0001.pdf`]);

    const pdf = await api.get(`/v1/invoices/${created.body.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");

    const events = await api.get(`/v1/invoices/${created.body.id}/events`);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(["invoice.created", "invoice.finalized", "invoice.sent", "invoice.sent"]);
  });

  it("refuses paid invoices with 409 and bad addresses with 400 naming the field", async () => {
    const { api } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const inv = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    const bad = await api.post(`/v1/invoices/${inv.body.id}/send`, { cc: ["a@b.com\r\nBcc: evil@x.com"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe("cc.0");
    const after = await api.get(`/v1/invoices/${inv.body.id}`);
    expect(after.body.sent_count).toBe(0);
    await api.post(`/v1/invoices/${inv.body.id}/finalize`);
    await api.post(`/v1/invoices/${inv.body.id}/payments`, { amount: 697500 });
    const paid = await api.post(`/v1/invoices/${inv.body.id}/send`, {});
    expect(paid.status).toBe(409);
  });
});
