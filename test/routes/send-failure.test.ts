import { fetchWithBindings } from "../helpers/app-fetch";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";

/** An EMAIL binding that fails the first `failures` sends, then hands over to the real one. */
function flakyBinding(failures: number) {
  const state = { calls: 0, delivered: 0 };
  const binding = {
    async send(message: EmailMessage) {
      state.calls += 1;
      if (state.calls <= failures) throw new Error("upstream mail service unavailable");
      state.delivered += 1;
      return env.EMAIL.send(message);
    },
  };
  return { binding: binding as unknown as SendEmail, state };
}

const callWith = (apiKey: string, binding: SendEmail, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetchWithBindings({ EMAIL: binding }, "POST", path, { apiKey, body, headers });

describe("send when the mail transport fails", () => {
  it("answers 502, records the attempt as failed, leaves the invoice unsent, and a retry with the key sends once", async () => {
    const { api, apiKey, accountId } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    await api.post(`/v1/invoices/${draft.body.id}/finalize`);
    const flaky = flakyBinding(1);

    const failed = await callWith(apiKey, flaky.binding, `/v1/invoices/${draft.body.id}/send`, {}, { "Idempotency-Key": "send-1" });
    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ type: "upstream_error", code: "email_transport_failed" });
    const unchanged = await api.get(`/v1/invoices/${draft.body.id}`);
    expect(unchanged.body).toMatchObject({ status: "finalized", sent_count: 0, sent_at: null, last_sent_at: null });
    const row = await env.DB.prepare("SELECT status, attempts, error FROM deliveries WHERE account_id = ?").bind(accountId).first<any>();
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.error).toContain("upstream mail service unavailable");

    const retried = await callWith(apiKey, flaky.binding, `/v1/invoices/${draft.body.id}/send`, {}, { "Idempotency-Key": "send-1" });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: "sent", sent_count: 1 });
    const replay = await callWith(apiKey, flaky.binding, `/v1/invoices/${draft.body.id}/send`, {}, { "Idempotency-Key": "send-1" });
    expect(replay.status).toBe(200);
    expect(replay.body.sent_count).toBe(1);
    expect(flaky.state.delivered).toBe(1);
  });

  it("create with send_email retried after a 502 under the same key makes one invoice and sends one email", async () => {
    const { api, apiKey, accountId } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const flaky = flakyBinding(1);
    const body = { ...seedInvoiceBody(customer.body.id), send_email: true };
    const first = await callWith(apiKey, flaky.binding, "/v1/invoices", body, { "Idempotency-Key": "create-1" });
    expect(first.status).toBe(502);
    const second = await callWith(apiKey, flaky.binding, "/v1/invoices", body, { "Idempotency-Key": "create-1" });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ status: "sent", invoice_number: "INV-2024-0001", sent_count: 1 });
    const count = await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE account_id = ?").bind(accountId).first<{ n: number }>();
    expect(count?.n).toBe(1);
    expect(flaky.state.delivered).toBe(1);
  });

  it("a send that hung past its lease, then failed or went through, leaves alone the delivery another attempt took over and sent", async () => {
    for (const lateSend of ["fails", "succeeds"] as const) {
      const { api, apiKey, accountId } = await newAccount();
      const customer = await api.post("/v1/customers", seedCustomer);
      const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
      await api.post(`/v1/invoices/${draft.body.id}/finalize`);
      // Leases of 50 ms, so the retry below may take over both the key and the delivery.
      const short = { DELIVERY_LEASE_SECONDS: "0.05", IDEMPOTENCY_LOCK_SECONDS: "0.05" };
      let finish!: () => void;
      let hung = false;
      const hanging = {
        send: (message: EmailMessage) =>
          new Promise((resolve, reject) => {
            hung = true;
            finish = () => (lateSend === "fails" ? reject(new Error("connection reset")) : resolve(env.EMAIL.send(message)));
          }),
      } as unknown as SendEmail;
      const path = `/v1/invoices/${draft.body.id}/send`;
      const key = { "Idempotency-Key": "send-hung" };
      const first = fetchWithBindings({ ...short, EMAIL: hanging }, "POST", path, { apiKey, body: {}, headers: key });
      await vi.waitFor(() => expect(hung).toBe(true));
      await new Promise((r) => setTimeout(r, 100));

      const takeover = await fetchWithBindings({ ...short, EMAIL: env.EMAIL }, "POST", path, { apiKey, body: {}, headers: key });
      expect(takeover.status, JSON.stringify(takeover.body)).toBe(200);
      const sent = await env.DB.prepare("SELECT status, attempts, error FROM deliveries WHERE account_id = ?").bind(accountId).first<any>();
      expect(sent).toMatchObject({ status: "sent", attempts: 2, error: null });

      // The hung send now ends: it lost its claim, so it records nothing and announces nothing.
      finish();
      expect((await first).status).toBe(lateSend === "fails" ? 502 : 200);
      expect(await env.DB.prepare("SELECT status, attempts, error FROM deliveries WHERE account_id = ?").bind(accountId).first<any>()).toEqual(sent);
      const types = (await api.get(`/v1/invoices/${draft.body.id}/events`)).body.data.map((e: { type: string }) => e.type);
      expect(types).not.toContain("invoice.delivery_failed");
      expect(types.filter((t: string) => t === "invoice.sent")).toHaveLength(1);
      expect((await api.get(`/v1/invoices/${draft.body.id}`)).body).toMatchObject({ sent_count: 1 });
    }
  });

  it("a retry after a partial failure mails only the recipients the provider had not taken", async () => {
    const { api, apiKey } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    const deliveredTo: string[] = [];
    let refusedOnce = false;
    const binding = {
      async send(message: EmailMessage) {
        if (message.to === "accounting@acme.com" && !refusedOnce) {
          refusedOnce = true;
          throw new Error("mailbox temporarily unavailable");
        }
        deliveredTo.push(message.to);
        return env.EMAIL.send(message);
      },
    } as unknown as SendEmail;
    const body = { cc: ["accounting@acme.com"] };
    const failed = await callWith(apiKey, binding, `/v1/invoices/${draft.body.id}/send`, body, { "Idempotency-Key": "partial-1" });
    expect(failed.status).toBe(502);
    expect(deliveredTo).toEqual(["billing@acme.com"]);
    const retried = await callWith(apiKey, binding, `/v1/invoices/${draft.body.id}/send`, body, { "Idempotency-Key": "partial-1" });
    expect(retried.status).toBe(200);
    expect(retried.body.sent_count).toBe(1);
    expect(deliveredTo.sort()).toEqual(["accounting@acme.com", "billing@acme.com"]);
  });
});
