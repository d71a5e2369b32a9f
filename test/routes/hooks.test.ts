import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { computeSignature, signatureHeader } from "../../src/services/webhooks/signature";
import { createApiKey } from "../../src/db/api-key-queries";
import { createDb } from "../../src/db/client";
import { newAccount } from "../helpers/api";
import { openInvoice } from "../helpers/open-invoice";
import {
  checkoutSessionCompleted,
  countRows,
  paymentIntentSucceeded,
  postHook,
  receiptsFor,
  shuffled,
  STRIPE_SECRET,
  stripeHeader,
  webhookSecretCall,
} from "../helpers/signed-hooks";

const now = () => Math.floor(Date.now() / 1000);
const payments = async (invoiceId: string) =>
  (await env.DB.prepare("SELECT amount, currency, source, external_id, reference FROM payments WHERE invoice_id = ? ORDER BY amount").bind(invoiceId).all())
    .results;

describe("POST /v1/hooks/stripe", () => {
  it("accepts a signature made by the stripe package and records the payment once", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    const payload = paymentIntentSucceeded("evt_accept_1", { pi: "pi_accept_1", invoiceId: invoice.id, amount: 200000 });
    const header = await stripeHeader(payload);
    // Our signer and Stripe's agree byte for byte.
    const t = Number(/t=(\d+)/.exec(header)![1]);
    expect(header).toContain(`v1=${await computeSignature(STRIPE_SECRET, t, payload)}`);

    const res = await postHook("/v1/hooks/stripe", payload, { "Stripe-Signature": header });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: "webhook_receipt",
      received: true,
      event_id: "evt_accept_1",
      status: "applied",
      invoice_id: invoice.id,
      error: null,
    });
    expect(res.body.payment_id).toMatch(/^pay_/);
    expect(await payments(invoice.id)).toEqual([{ amount: 200000, currency: "USD", source: "stripe", external_id: "pi_accept_1", reference: "pi_accept_1" }]);
    const after = (await api.get(`/v1/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ status: "partially_paid", amount_paid: 200000, amount_due: 497500 });
    const events = await env.DB.prepare("SELECT actor FROM events WHERE object_id = ? AND type = 'invoice.payment_succeeded'").bind(invoice.id).all();
    expect(events.results).toEqual([{ actor: "system:stripe" }]);
  });

  it("refuses stale, future, tampered, missing, malformed and wrong-secret signatures, recording nothing", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    const payload = paymentIntentSucceeded("evt_refused", { pi: "pi_refused", invoiceId: invoice.id, amount: 1000 });
    const tampered = payload.replace('"amount_received":1000', '"amount_received":9000');
    expect(tampered).not.toBe(payload);
    const cases: Array<[string, Record<string, string>, string]> = [
      ["stale", { "Stripe-Signature": await stripeHeader(payload, { timestamp: now() - 301 }) }, payload],
      // A minute past the tolerance: the clock moves on between signing here and checking there, and on a busy machine
      // that can take more than a second, which would carry a mere 301 s back inside the window.
      ["future", { "Stripe-Signature": await stripeHeader(payload, { timestamp: now() + 360 }) }, payload],
      ["tampered", { "Stripe-Signature": await stripeHeader(payload) }, tampered],
      ["missing", {}, payload],
      ["malformed", { "Stripe-Signature": "v1=abc,t=notanumber" }, payload],
      ["wrong secret", { "Stripe-Signature": await stripeHeader(payload, { secret: "whsec_someone_else" }) }, payload],
      ["wrong header", { "Webhook-Signature": await stripeHeader(payload) }, payload],
    ];
    const [receiptsBefore, paymentsBefore] = [await countRows("webhook_receipts"), await countRows("payments")];
    for (const [name, headers, body] of cases) {
      const res = await postHook("/v1/hooks/stripe", body, headers);
      expect(res.status, name).toBe(400);
      expect(res.body.error.code, name).toBe("webhook_signature_invalid");
    }
    expect(await countRows("webhook_receipts")).toBe(receiptsBefore);
    expect(await countRows("payments")).toBe(paymentsBefore);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.amount_paid).toBe(0);
  });

  it("accepts any matching v1 while the secret rotates", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    const payload = paymentIntentSucceeded("evt_rotating", { pi: "pi_rotating", invoiceId: invoice.id, amount: 5000 });
    const t = now();
    const header = `t=${t},v1=${await computeSignature("whsec_old_secret", t, payload)},v1=${await computeSignature(STRIPE_SECRET, t, payload)}`;
    const res = await postHook("/v1/hooks/stripe", payload, { "Stripe-Signature": header });
    expect(res.body.status).toBe("applied");
  });

  it("applies the same event delivered 10 times, shuffled among two others, exactly once", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    const repeated = paymentIntentSucceeded("evt_rep_A", { pi: "pi_rep_A", invoiceId: invoice.id, amount: 100000 });
    const second = paymentIntentSucceeded("evt_rep_B", { pi: "pi_rep_B", invoiceId: invoice.id, amount: 250000 });
    const third = checkoutSessionCompleted("evt_rep_C", { session: "cs_rep_C", pi: "pi_rep_C", invoiceId: invoice.id, amount: 47500 });
    const deliveries = shuffled([...Array(10).fill(repeated), second, third], 20261121);
    expect(deliveries.indexOf(repeated)).toBeGreaterThan(0); // the shuffle really interleaves

    const statuses: string[] = [];
    for (const payload of deliveries) {
      const res = await postHook("/v1/hooks/stripe", payload, { "Stripe-Signature": await stripeHeader(payload) });
      expect(res.status).toBe(200);
      statuses.push(`${res.body.event_id}:${res.body.status}`);
    }
    // Concurrent replays on top: still nothing new.
    const burst = await Promise.all(
      Array.from({ length: 5 }, async () => postHook("/v1/hooks/stripe", repeated, { "Stripe-Signature": await stripeHeader(repeated) })),
    );
    for (const res of burst) expect(res.body.status).toBe("duplicate");

    expect(statuses.filter((s) => s === "evt_rep_A:applied")).toHaveLength(1);
    expect(statuses.filter((s) => s === "evt_rep_A:duplicate")).toHaveLength(9);
    expect(await payments(invoice.id)).toEqual([
      { amount: 47500, currency: "USD", source: "stripe", external_id: "pi_rep_C", reference: "pi_rep_C" },
      { amount: 100000, currency: "USD", source: "stripe", external_id: "pi_rep_A", reference: "pi_rep_A" },
      { amount: 250000, currency: "USD", source: "stripe", external_id: "pi_rep_B", reference: "pi_rep_B" },
    ]);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ amount_paid: 397500, amount_due: 300000, status: "partially_paid" });
    const receipts = await receiptsFor(["evt_rep_A", "evt_rep_B", "evt_rep_C"]);
    expect(receipts.map((r) => [r.event_id, r.status, r.source])).toEqual([
      ["evt_rep_A", "applied", "stripe"],
      ["evt_rep_B", "applied", "stripe"],
      ["evt_rep_C", "applied", "stripe"],
    ]);
  });

  it("counts a Checkout Session and its PaymentIntent as one payment, whichever arrives first", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    const intent = paymentIntentSucceeded("evt_pair_pi", { pi: "pi_pair", invoiceId: invoice.id, amount: 697500 });
    const session = checkoutSessionCompleted("evt_pair_cs", { session: "cs_pair", pi: "pi_pair", invoiceId: invoice.id, amount: 697500 });
    const first = await postHook("/v1/hooks/stripe", session, { "Stripe-Signature": await stripeHeader(session) });
    const second = await postHook("/v1/hooks/stripe", intent, { "Stripe-Signature": await stripeHeader(intent) });
    expect([first.body.status, second.body.status]).toEqual(["applied", "duplicate"]);
    expect(second.body.payment_id).toBe(first.body.payment_id);
    expect(await payments(invoice.id)).toHaveLength(1);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.status).toBe("paid");
  });

  it("acknowledges but never applies a wrong currency, an overpayment, an unknown invoice or a foreign account id", async () => {
    const { api, accountId } = await newAccount();
    const invoice = await openInvoice(api);
    const cases = [
      [
        "evt_bad_currency",
        paymentIntentSucceeded("evt_bad_currency", { pi: "pi_bad_1", invoiceId: invoice.id, amount: 1000, currency: "eur" }),
        /EUR payment cannot be applied/,
      ],
      ["evt_too_much", paymentIntentSucceeded("evt_too_much", { pi: "pi_bad_2", invoiceId: invoice.id, amount: 697501 }), /exceeds the amount due/],
      ["evt_unknown", paymentIntentSucceeded("evt_unknown", { pi: "pi_bad_3", invoiceId: "inv_doesnotexist", amount: 1000 }), /No such invoice/],
      [
        "evt_foreign",
        paymentIntentSucceeded("evt_foreign", { pi: "pi_bad_4", invoiceId: invoice.id, amount: 1000, accountId: "acct_someoneelse" }),
        /No such invoice/,
      ],
    ] as const;
    for (const [id, payload, reason] of cases) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await postHook("/v1/hooks/stripe", payload, { "Stripe-Signature": await stripeHeader(payload) });
        expect(res.status, id).toBe(200);
        expect(res.body.status, id).toBe(attempt === 0 ? "rejected" : "duplicate");
        if (attempt === 0) expect(res.body.error, id).toMatch(reason);
      }
    }
    const receipts = await receiptsFor(cases.map((c) => c[0]));
    expect(receipts.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
    expect(receipts.find((r) => r.event_id === "evt_too_much")!.account_id).toBe(accountId);
    expect(await payments(invoice.id)).toEqual([]);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.amount_paid).toBe(0);
  });

  it("ignores events that are not invoice payments, and unpaid checkout sessions", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    const other = JSON.stringify({ id: "evt_ignore_cust", type: "customer.created", data: { object: { id: "cus_1" } } });
    const unpaid = checkoutSessionCompleted("evt_ignore_unpaid", {
      session: "cs_unpaid",
      pi: null,
      invoiceId: invoice.id,
      amount: 1000,
      paymentStatus: "unpaid",
    });
    const noMeta = checkoutSessionCompleted("evt_ignore_nometa", { session: "cs_nometa", pi: "pi_nometa", amount: 1000 });
    for (const payload of [other, unpaid, noMeta]) {
      const res = await postHook("/v1/hooks/stripe", payload, { "Stripe-Signature": await stripeHeader(payload) });
      expect(res.body.status).toBe("ignored");
    }
    expect(await payments(invoice.id)).toEqual([]);
    const bad = await postHook("/v1/hooks/stripe", "[1,2]", { "Stripe-Signature": await stripeHeader("[1,2]") });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("webhook_body_invalid");
  });
});

describe("POST /v1/hooks/{account_id}", () => {
  async function accountWithSecret() {
    const acct = await newAccount();
    const created = await webhookSecretCall(acct.apiKey, "POST");
    expect(created.status).toBe(200);
    return { ...acct, secret: created.body.secret as string, endpoint: created.body.endpoint_url as string };
  }
  const send = async (accountId: string, secret: string, event: unknown, t = now()) => {
    const payload = JSON.stringify(event);
    return postHook(`/v1/hooks/${accountId}`, payload, { "Webhook-Signature": await signatureHeader(secret, t, payload) });
  };

  it("creates, reveals and rotates the account's secret behind account:write", async () => {
    const acct = await newAccount();
    expect((await webhookSecretCall(acct.apiKey, "GET")).status).toBe(404);
    const created = await webhookSecretCall(acct.apiKey, "POST");
    expect(created.body).toEqual({
      object: "webhook_secret",
      secret: expect.stringMatching(/^whsec_[0-9A-Za-z]{43}$/),
      endpoint_url: `https://invoices.test/v1/hooks/${acct.accountId}`,
      signature_header: "Webhook-Signature",
    });
    expect((await webhookSecretCall(acct.apiKey, "GET")).body.secret).toBe(created.body.secret);
    const rotated = await webhookSecretCall(acct.apiKey, "POST");
    expect(rotated.body.secret).not.toBe(created.body.secret);

    const limited = await createApiKey(createDb(env.DB), acct.accountId, { name: "no-account", scopes: ["invoices:write"] });
    expect((await webhookSecretCall(limited.secret, "POST")).status).toBe(403);
    expect((await webhookSecretCall(limited.secret, "GET")).status).toBe(403);
  });

  it("records payment.succeeded by invoice number or id, once per event id", async () => {
    const { api, accountId, secret } = await accountWithSecret();
    const invoice = await openInvoice(api);
    const byNumber = {
      id: "ext_1",
      type: "payment.succeeded",
      data: { invoice_number: invoice.invoice_number, amount: 97500, currency: "usd", reference: "BANK-REF-1", method: "bank_transfer" },
    };
    const first = await send(accountId, secret, byNumber);
    expect(first.body).toMatchObject({ status: "applied", invoice_id: invoice.id });
    expect((await send(accountId, secret, byNumber)).body.status).toBe("duplicate");
    const byId = { id: "ext_2", type: "payment.succeeded", data: { invoice_id: invoice.id, amount: 600000, currency: "USD" } };
    expect((await send(accountId, secret, byId)).body.status).toBe("applied");
    expect(await payments(invoice.id)).toEqual([
      { amount: 97500, currency: "USD", source: "webhook", external_id: "ext_1", reference: "BANK-REF-1" },
      { amount: 600000, currency: "USD", source: "webhook", external_id: "ext_2", reference: null },
    ]);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.status).toBe("paid");
    const receipts = await receiptsFor(["ext_1", "ext_2"]);
    expect(receipts.map((r) => [r.source, r.status, r.account_id])).toEqual([
      [`account:${accountId}`, "applied", accountId],
      [`account:${accountId}`, "applied", accountId],
    ]);
  });

  it("refuses another account's secret, an unknown account, an account without a secret, and a rotated-out secret", async () => {
    const a = await accountWithSecret();
    const b = await accountWithSecret();
    const noSecret = await newAccount();
    const invoice = await openInvoice(a.api);
    const event = { id: "ext_refused", type: "payment.succeeded", data: { invoice_id: invoice.id, amount: 100, currency: "USD" } };
    const before = [await countRows("webhook_receipts"), await countRows("payments")];
    expect((await send(a.accountId, b.secret, event)).status).toBe(400);
    expect((await send("acct_doesnotexist", a.secret, event)).status).toBe(400);
    expect((await send(noSecret.accountId, "whsec_a_guess", event)).status).toBe(400);
    expect((await send(a.accountId, a.secret, event, now() - 301)).status).toBe(400);
    await webhookSecretCall(a.apiKey, "POST");
    expect((await send(a.accountId, a.secret, event)).status).toBe(400);
    expect([await countRows("webhook_receipts"), await countRows("payments")]).toEqual(before);
  });

  it("scopes invoices to the signing account: another account's invoice is rejected, never paid", async () => {
    const a = await accountWithSecret();
    const b = await newAccount();
    const theirs = await openInvoice(b.api);
    const res = await send(a.accountId, a.secret, {
      id: "ext_cross",
      type: "payment.succeeded",
      data: { invoice_id: theirs.id, amount: 100, currency: "USD" },
    });
    expect(res.body).toMatchObject({ status: "rejected", error: `No such invoice: '${theirs.id}'.` });
    expect(await payments(theirs.id)).toEqual([]);
  });

  it("rejects unsupported types and invalid payments for good, and sends an invoice on invoice.send once", async () => {
    const { api, accountId, secret } = await accountWithSecret();
    const invoice = await openInvoice(api, { sent: false });
    expect((await send(accountId, secret, { id: "ext_type", type: "invoice.delete", data: { invoice_id: invoice.id } })).body.status).toBe("rejected");
    expect(
      (await send(accountId, secret, { id: "ext_amount", type: "payment.succeeded", data: { invoice_id: invoice.id, amount: 1.5, currency: "USD" } })).body,
    ).toMatchObject({
      status: "rejected",
      error: expect.stringMatching(/positive integer/),
    });

    const sendEvent = { id: "ext_send", type: "invoice.send", data: { invoice_number: invoice.invoice_number } };
    const sent = await send(accountId, secret, sendEvent);
    expect(sent.body).toMatchObject({ status: "applied", invoice_id: invoice.id });
    expect((await send(accountId, secret, sendEvent)).body.status).toBe("duplicate");
    const after = (await api.get(`/v1/invoices/${invoice.id}`)).body;
    expect(after.status).toBe("sent");
    expect(after.sent_count).toBe(1);
  });
});
