import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signatureHeader } from "../../src/services/webhooks/signature";
import { newAccount } from "../helpers/api";
import { openInvoice } from "../helpers/open-invoice";
import { paymentIntentSucceeded, postHook, stripeHeader, webhookSecretCall } from "../helpers/signed-hooks";

/*
 * Three senders report payments with ids of their own: API Idempotency-Keys (stored as
 * `idempotency:{key}`), generic webhook event ids and Stripe PaymentIntent ids. Nothing stops
 * two of them from using the same string, so one id must never make another sender's payment,
 * or another invoice's, look like a repeat.
 */

type Source = "api" | "webhook" | "stripe";
type Account = Awaited<ReturnType<typeof accountWithSecret>>;

async function accountWithSecret() {
  const acct = await newAccount();
  const created = await webhookSecretCall(acct.apiKey, "POST");
  expect(created.status).toBe(200);
  return { ...acct, secret: created.body.secret as string };
}

/** Pays `amount` of the invoice from one source, the source's own id being `externalId`. */
async function pay(acct: Account, source: Source, externalId: string, invoiceId: string, amount: number) {
  if (source === "api") {
    const key = externalId.replace(/^idempotency:/, "");
    const res = await acct.api.post(`/v1/invoices/${invoiceId}/payments`, { amount }, { "Idempotency-Key": key });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // The middleware holds a key for 24 h; a key used again after that is a new request.
    await env.DB.prepare("UPDATE idempotency_keys SET expires_at = '2000-01-01T00:00:00.000Z' WHERE account_id = ? AND key = ?")
      .bind(acct.accountId, key)
      .run();
    return res.body.invoice;
  }
  if (source === "webhook") {
    const payload = JSON.stringify({ id: externalId, type: "payment.succeeded", data: { invoice_id: invoiceId, amount, currency: "USD" } });
    const t = Math.floor(Date.now() / 1000);
    const res = await postHook(`/v1/hooks/${acct.accountId}`, payload, { "Webhook-Signature": await signatureHeader(acct.secret, t, payload) });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ status: "applied", invoice_id: invoiceId });
    return (await acct.api.get(`/v1/invoices/${invoiceId}`)).body;
  }
  const payload = paymentIntentSucceeded(`evt_${crypto.randomUUID()}`, { pi: externalId, invoiceId, amount });
  const res = await postHook("/v1/hooks/stripe", payload, { "Stripe-Signature": await stripeHeader(payload) });
  expect(res.body, JSON.stringify(res.body)).toMatchObject({ status: "applied", invoice_id: invoiceId });
  return (await acct.api.get(`/v1/invoices/${invoiceId}`)).body;
}

const SOURCES: Source[] = ["api", "webhook", "stripe"];
// Every ordered pair of different sources, and the API against itself across invoices; a
// webhook or Stripe id seen twice is the same event, which the receipt log answers.
const PAIRS: Array<[Source, Source]> = [...SOURCES.flatMap((a) => SOURCES.filter((b) => b !== a).map((b) => [a, b] as [Source, Source])), ["api", "api"]];

describe("payments are deduplicated per source", () => {
  it.each(PAIRS)("a %s payment and then a %s payment with the same id on another invoice both pay their invoice", async (a, b) => {
    const acct = await accountWithSecret();
    const first = await openInvoice(acct.api);
    const second = await openInvoice(acct.api);
    const shared = `idempotency:collide-${a}-${b}-${crypto.randomUUID()}`;

    expect(await pay(acct, a, shared, first.id, first.amount_due)).toMatchObject({ id: first.id, status: "paid", amount_due: 0 });
    expect(await pay(acct, b, shared, second.id, second.amount_due)).toMatchObject({ id: second.id, status: "paid", amount_due: 0 });

    const rows = await env.DB.prepare("SELECT invoice_id, source, amount FROM payments WHERE account_id = ? ORDER BY created_at, rowid")
      .bind(acct.accountId)
      .all();
    expect(rows.results).toEqual([
      { invoice_id: first.id, source: a, amount: first.amount_due },
      { invoice_id: second.id, source: b, amount: second.amount_due },
    ]);
  });

  it("a repeat from the same source is still applied once", async () => {
    const acct = await accountWithSecret();
    const invoice = await openInvoice(acct.api);
    const payload = paymentIntentSucceeded("evt_once_a", { pi: "pi_once", invoiceId: invoice.id, amount: 1000 });
    const again = paymentIntentSucceeded("evt_once_b", { pi: "pi_once", invoiceId: invoice.id, amount: 1000 });
    expect((await postHook("/v1/hooks/stripe", payload, { "Stripe-Signature": await stripeHeader(payload) })).body.status).toBe("applied");
    expect((await postHook("/v1/hooks/stripe", again, { "Stripe-Signature": await stripeHeader(again) })).body.status).toBe("duplicate");
    expect((await acct.api.get(`/v1/invoices/${invoice.id}`)).body.amount_paid).toBe(1000);
  });
});
