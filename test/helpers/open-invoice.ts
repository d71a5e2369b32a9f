import { env } from "cloudflare:workers";
import { type Api, seedCustomer, seedInvoiceBody } from "./api";

/**
 * A finalized invoice (seed 001: 697500 USD), optionally marked sent directly in D1 so tests
 * of the pay page and incoming webhooks do not depend on email delivery.
 */
export async function openInvoice(api: Api, opts: { sent?: boolean; customer?: Record<string, unknown>; invoice?: Record<string, unknown> } = {}) {
  const customer = await api.post("/v1/customers", { ...seedCustomer, ...opts.customer });
  if (customer.status !== 201) throw new Error(`customer: ${JSON.stringify(customer.body)}`);
  const draft = await api.post("/v1/invoices", { ...seedInvoiceBody(customer.body.id), ...opts.invoice });
  if (draft.status !== 201) throw new Error(`invoice: ${JSON.stringify(draft.body)}`);
  const finalized = await api.post(`/v1/invoices/${draft.body.id}/finalize`);
  if (finalized.status !== 200) throw new Error(`finalize: ${JSON.stringify(finalized.body)}`);
  if (opts.sent ?? true) {
    await env.DB.prepare("UPDATE invoices SET status = 'sent', sent_at = ?, version = version + 1 WHERE id = ?")
      .bind(new Date().toISOString(), draft.body.id)
      .run();
  }
  const invoice = await api.get(`/v1/invoices/${draft.body.id}`);
  return invoice.body as {
    id: string;
    invoice_number: string;
    public_url: string;
    pdf_url: string;
    status: string;
    amount_due: number;
    viewed_at: string | null;
  };
}
