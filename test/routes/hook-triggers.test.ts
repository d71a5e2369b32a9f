import { env, exports } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { GENERIC_EVENT_TYPES } from "../../src/services/webhooks/generic-events";
import { signatureHeader } from "../../src/services/webhooks/signature";
import { newWebhookSecret } from "../../src/services/webhooks/standard-webhooks";
import { type Api, createCustomer, newAccount, seedInvoiceBody } from "../helpers/api";
import { openInvoice } from "../helpers/open-invoice";
import { accountWithWebhookSecret, countRows, postHook, receiptsFor, standardHeaders } from "../helpers/signed-hooks";

/*
 * The per-account receiver's triggers (invoice.create, .finalize, .void beside .send and
 * payment.succeeded) and its second signature scheme, Standard Webhooks, signed here by the
 * standardwebhooks package itself so the test does not grade our verifier with our signer.
 */

const now = () => Math.floor(Date.now() / 1000);

type Hook = { accountId: string; secret: string };

/** Signed Stripe-style (`Webhook-Signature: t=…,v1=…`), the receiver's first scheme. */
async function deliver(hook: Hook, event: unknown) {
  const payload = JSON.stringify(event);
  return postHook(`/v1/hooks/${hook.accountId}`, payload, { "Webhook-Signature": await signatureHeader(hook.secret, now(), payload) });
}

/** Signed by the standardwebhooks package with the account's secret; the body may leave its id to webhook-id. */
function deliverStandard(hook: Hook, messageId: string, event: unknown, opts: { timestamp?: number; secret?: string } = {}) {
  const payload = JSON.stringify(event);
  return postHook(`/v1/hooks/${hook.accountId}`, payload, standardHeaders(opts.secret ?? hook.secret, payload, { id: messageId, timestamp: opts.timestamp }));
}

const invoiceEvents = async (invoiceId: string) =>
  (await env.DB.prepare("SELECT type, actor FROM events WHERE object_id = ? ORDER BY created_at, rowid").bind(invoiceId).all()).results as Array<{
    type: string;
    actor: string;
  }>;

const countInvoices = async (accountId: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM invoices WHERE account_id = ?").bind(accountId).first<{ n: number }>())!.n;

/** The create body of POST /v1/invoices without its customer_id: the trigger names the customer its own way. */
const createBody = () => {
  const { customer_id: _, ...body } = seedInvoiceBody("unused");
  return body;
};

describe("Standard Webhooks signatures at POST /v1/hooks/{account_id}", () => {
  it("accepts the package's signature with the account's secret; the signed webhook-id is the event id", async () => {
    const hook = await accountWithWebhookSecret();
    // The account's secret (whsec_ + base62) is one the package reads as base64: it can sign with it.
    expect(() => new Webhook(hook.secret)).not.toThrow();
    const invoice = await openInvoice(hook.api);
    const event = { type: "payment.succeeded", data: { invoice_id: invoice.id, amount: 1000, currency: "USD" } };

    const first = await deliverStandard(hook, "msg_std_1", event);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ event_id: "msg_std_1", status: "applied", invoice_id: invoice.id });
    // Again, with the body's id equal to webhook-id, and Stripe-style under the same id: one event, one effect.
    expect((await deliverStandard(hook, "msg_std_1", event)).body.status).toBe("duplicate");
    expect((await deliverStandard(hook, "msg_std_1", { id: "msg_std_1", ...event })).body.status).toBe("duplicate");
    expect((await deliver(hook, { id: "msg_std_1", ...event })).body.status).toBe("duplicate");

    expect((await receiptsFor(["msg_std_1"])).map((r) => [r.source, r.status])).toEqual([[`account:${hook.accountId}`, "applied"]]);
    const payments = await env.DB.prepare("SELECT amount, external_id, source FROM payments WHERE invoice_id = ?").bind(invoice.id).all();
    expect(payments.results).toEqual([{ amount: 1000, external_id: "msg_std_1", source: "webhook" }]);
  });

  it("accepts a rotation header in which one of the signatures is made with the account's secret", async () => {
    const hook = await accountWithWebhookSecret();
    const invoice = await openInvoice(hook.api, { sent: false });
    const payload = JSON.stringify({ type: "invoice.void", data: { invoice_id: invoice.id } });
    const t = now();
    const date = new Date(t * 1000);
    const signature = `${new Webhook(newWebhookSecret()).sign("msg_rot", date, payload)} ${new Webhook(hook.secret).sign("msg_rot", date, payload)}`;
    const res = await postHook(`/v1/hooks/${hook.accountId}`, payload, {
      "webhook-id": "msg_rot",
      "webhook-timestamp": String(t),
      "webhook-signature": signature,
    });
    expect(res.body).toMatchObject({ status: "applied", invoice_id: invoice.id });
  });

  it("refuses tampered, stale, future, wrong-secret, incomplete and malformed deliveries, and a body id that disagrees, recording nothing", async () => {
    const hook = await accountWithWebhookSecret();
    const other = await accountWithWebhookSecret();
    const invoice = await openInvoice(hook.api);
    const payload = JSON.stringify({ type: "payment.succeeded", data: { invoice_id: invoice.id, amount: 1000, currency: "USD" } });
    const tampered = payload.replace('"amount":1000', '"amount":9000');
    expect(tampered).not.toBe(payload);
    const signed = (opts: { timestamp?: number; secret?: string } = {}) => standardHeaders(opts.secret ?? hook.secret, payload, { id: "msg_refused", ...opts });
    const { "webhook-signature": _, ...unsigned } = signed();
    const { "webhook-id": __, ...noId } = signed();
    const cases: Array<[string, Record<string, string>, string]> = [
      ["tampered", signed(), tampered],
      // A minute past the 300 s tolerance either way, so time passing during the test cannot bring it back inside.
      ["stale", signed({ timestamp: now() - 360 }), payload],
      ["future", signed({ timestamp: now() + 360 }), payload],
      ["another account's secret", signed({ secret: other.secret }), payload],
      ["no signature", unsigned, payload],
      ["no id", noId, payload],
      ["not v1,<base64>", { ...signed(), "webhook-signature": "v1,bm90IGEgbWFj" }, payload],
      ["Stripe's format beside webhook-id", { ...signed(), "webhook-signature": await signatureHeader(hook.secret, now(), payload) }, payload],
    ];
    const before = [await countRows("webhook_receipts"), await countRows("payments")];
    for (const [name, headers, body] of cases) {
      const res = await postHook(`/v1/hooks/${hook.accountId}`, body, headers);
      expect(res.status, name).toBe(400);
      expect(res.body.error.code, name).toBe("webhook_signature_invalid");
    }
    const disagreeing = await deliverStandard(hook, "msg_one_id", {
      id: "evt_another_id",
      type: "payment.succeeded",
      data: { invoice_id: invoice.id, amount: 1000, currency: "USD" },
    });
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.body.error).toMatchObject({ code: "webhook_body_invalid", param: "id" });
    expect([await countRows("webhook_receipts"), await countRows("payments")]).toEqual(before);
    expect((await hook.api.get(`/v1/invoices/${invoice.id}`)).body.amount_paid).toBe(0);
  });
});

describe("invoice.create", () => {
  it("creates by customer email and, with send: true, sends it at once; a replay answers with the same invoice", async () => {
    const hook = await accountWithWebhookSecret();
    await createCustomer(hook.api, { name: "Initech", email: "ap@initech.test" });
    const globex = await createCustomer(hook.api, { name: "Globex", email: "ap@globex.test" });
    const event = { type: "invoice.create", data: { ...createBody(), customer_email: "AP@globex.test", send: true } };

    const res = await deliverStandard(hook, "msg_create_send", event);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "applied", error: null, invoice_id: expect.stringMatching(/^inv_/) });
    const invoice = (await hook.api.get(`/v1/invoices/${res.body.invoice_id}`)).body;
    expect(invoice).toMatchObject({ customer_id: globex, status: "sent", sent_count: 1, total_amount: 697500, invoice_number: expect.any(String) });
    // The API's own path: created, finalized and sent, each recorded as done by the webhook.
    expect(await invoiceEvents(invoice.id)).toEqual([
      { type: "invoice.created", actor: "system:webhook" },
      { type: "invoice.finalized", actor: "system:webhook" },
      { type: "invoice.sent", actor: "system:webhook" },
    ]);

    const replay = await deliverStandard(hook, "msg_create_send", event);
    expect(replay.body).toMatchObject({ status: "duplicate", invoice_id: invoice.id });
    expect(await countInvoices(hook.accountId)).toBe(1);
  });

  it("creates a draft by customer_id without send, as POST /v1/invoices does", async () => {
    const hook = await accountWithWebhookSecret();
    const customer = await createCustomer(hook.api);
    const body = { ...seedInvoiceBody(customer), notes: "Thank you", metadata: { order: "A-17" } };
    const res = await deliver(hook, { id: "evt_create_draft", type: "invoice.create", data: body });
    expect(res.body.status).toBe("applied");
    const viaHook = (await hook.api.get(`/v1/invoices/${res.body.invoice_id}`)).body;
    const viaApi = (await hook.api.post("/v1/invoices", body)).body;
    const comparable = (i: Record<string, unknown>) => {
      const { id: _, created_at: __, updated_at: ___, line_items, ...rest } = i;
      return { ...rest, line_items: (line_items as Array<Record<string, unknown>>).map(({ id: _id, ...line }) => line) };
    };
    expect(comparable(viaHook)).toEqual(comparable(viaApi));
    expect(viaHook).toMatchObject({ status: "draft", sent_count: 0, notes: "Thank you", metadata: { order: "A-17" } });
  });

  it("answers faults in the data with a 400 naming the field and records nothing, so the corrected event may keep its id", async () => {
    const hook = await accountWithWebhookSecret();
    const other = await newAccount();
    const theirCustomer = await createCustomer(other.api);
    const mine = await createCustomer(hook.api, { name: "Globex", email: "ap@globex.test" });
    const noEmail = await createCustomer(hook.api, { name: "Hooli", email: null });
    const line = createBody().line_items[0]!;
    const cases: Array<[string, unknown, string]> = [
      ["unknown customer email", { ...createBody(), customer_email: "nobody@globex.test" }, "data.customer_email"],
      ["no customer", createBody(), "data.customer_id"],
      ["both customer fields", { ...createBody(), customer_id: mine, customer_email: "ap@globex.test" }, "data.customer_email"],
      ["another account's customer", { ...createBody(), customer_id: theirCustomer }, "data.customer_id"],
      ["a bad quantity", { ...createBody(), customer_id: mine, line_items: [{ ...line, quantity: -1 }] }, "data.line_items.0.quantity"],
      ["an unknown field", { ...createBody(), customer_id: mine, colour: "blue" }, "data.colour"],
      ["a customer who cannot be emailed, with send", { ...createBody(), customer_id: noEmail, send: true }, "data.send"],
      ["no data at all", undefined, "data"],
    ];
    const before = [await countRows("webhook_receipts"), await countInvoices(hook.accountId)];
    for (const [name, data, param] of cases) {
      const res = await deliverStandard(hook, "msg_fixed_later", { type: "invoice.create", data });
      expect(res.status, name).toBe(400);
      expect(res.body.error, name).toMatchObject({ type: "invalid_request_error", param });
    }
    const unknown = await deliverStandard(hook, "msg_fixed_later", { type: "invoice.create", data: cases[0]![1] });
    expect(unknown.body.error.message).toContain("nobody@globex.test");
    expect([await countRows("webhook_receipts"), await countInvoices(hook.accountId)]).toEqual(before);

    const fixed = await deliverStandard(hook, "msg_fixed_later", { type: "invoice.create", data: { ...createBody(), customer_email: "ap@globex.test" } });
    expect(fixed.body.status).toBe("applied");
    expect((await hook.api.get(`/v1/invoices/${fixed.body.invoice_id}`)).body.customer_id).toBe(mine);
  });
});

describe("invoice.finalize and invoice.void", () => {
  it("finalize by id and void by number as the API does; another account's invoice is not found and stays untouched", async () => {
    const hook = await accountWithWebhookSecret();
    const draft = (await hook.api.post("/v1/invoices", seedInvoiceBody(await createCustomer(hook.api)))).body;

    const finalized = await deliver(hook, { id: "evt_fin", type: "invoice.finalize", data: { invoice_id: draft.id } });
    expect(finalized.body).toMatchObject({ status: "applied", invoice_id: draft.id });
    const open = (await hook.api.get(`/v1/invoices/${draft.id}`)).body;
    expect(open).toMatchObject({ status: "finalized", invoice_number: expect.any(String) });

    const voided = await deliver(hook, { id: "evt_void", type: "invoice.void", data: { invoice_number: open.invoice_number } });
    expect(voided.body).toMatchObject({ status: "applied", invoice_id: draft.id });
    expect((await hook.api.get(`/v1/invoices/${draft.id}`)).body.status).toBe("voided");
    expect((await invoiceEvents(draft.id)).filter((e) => e.actor === "system:webhook").map((e) => e.type)).toEqual(["invoice.finalized", "invoice.voided"]);

    // A new event asking for what the state forbids is refused for good, as the API's 409 would be.
    const again = await deliver(hook, { id: "evt_fin_again", type: "invoice.finalize", data: { invoice_id: draft.id } });
    expect(again.body).toMatchObject({ status: "rejected", error: expect.any(String) });

    const stranger = await newAccount();
    const theirs = await openInvoice(stranger.api);
    for (const type of ["invoice.finalize", "invoice.void"]) {
      const res = await deliver(hook, { id: `evt_cross_${type}`, type, data: { invoice_id: theirs.id } });
      expect(res.status, type).toBe(200);
      expect(res.body, type).toMatchObject({ status: "rejected", error: `No such invoice: '${theirs.id}'.` });
    }
    expect((await stranger.api.get(`/v1/invoices/${theirs.id}`)).body.status).toBe("sent");
  });
});

describe("each trigger takes effect once per event id", () => {
  type Setup = { event: Record<string, unknown>; effect: (hook: Hook & { api: Api }, invoiceId: string) => Promise<unknown>; expected: unknown };
  const sentOnce = { status: "sent", sent_count: 1, sent_events: 1 };
  const sendState = async (hook: { api: Api }, id: string) => {
    const invoice = (await hook.api.get(`/v1/invoices/${id}`)).body;
    return { status: invoice.status, sent_count: invoice.sent_count, sent_events: (await invoiceEvents(id)).filter((e) => e.type === "invoice.sent").length };
  };
  const cases: Array<[string, (hook: Hook & { api: Api }) => Promise<Setup>]> = [
    [
      "invoice.create",
      async (hook) => ({
        event: { type: "invoice.create", data: { ...seedInvoiceBody(await createCustomer(hook.api)) } },
        effect: async (h) => countInvoices(h.accountId),
        expected: 1,
      }),
    ],
    [
      "invoice.create with send",
      async (hook) => ({
        event: { type: "invoice.create", data: { ...seedInvoiceBody(await createCustomer(hook.api)), send: true } },
        effect: async (h, id) => ({ invoices: await countInvoices(h.accountId), ...(await sendState(h, id)) }),
        expected: { invoices: 1, ...sentOnce },
      }),
    ],
    [
      "invoice.send",
      async (hook) => {
        const invoice = await openInvoice(hook.api, { sent: false });
        return { event: { type: "invoice.send", data: { invoice_id: invoice.id } }, effect: sendState, expected: sentOnce };
      },
    ],
    [
      "invoice.finalize",
      async (hook) => {
        const draft = (await hook.api.post("/v1/invoices", seedInvoiceBody(await createCustomer(hook.api)))).body;
        return {
          event: { type: "invoice.finalize", data: { invoice_id: draft.id } },
          effect: async (_h, id) => (await invoiceEvents(id)).filter((e) => e.type === "invoice.finalized").length,
          expected: 1,
        };
      },
    ],
    [
      "invoice.void",
      async (hook) => {
        const invoice = await openInvoice(hook.api);
        return {
          event: { type: "invoice.void", data: { invoice_number: invoice.invoice_number } },
          effect: async (_h, id) => (await invoiceEvents(id)).filter((e) => e.type === "invoice.voided").length,
          expected: 1,
        };
      },
    ],
  ];

  it.each(cases)("%s: six concurrent deliveries and three later ones apply it once", async (setupName, setup) => {
    const hook = await accountWithWebhookSecret();
    const { event, effect, expected } = await setup(hook);
    const burst = await Promise.all(Array.from({ length: 6 }, () => deliverStandard(hook, "msg_once", event)));
    const later = [];
    for (let i = 0; i < 3; i++) later.push(await deliverStandard(hook, "msg_once", event));

    const answers = [...burst, ...later];
    // A send racing its own replay may find the email in flight: a 409 to retry, which records nothing.
    const retryable = answers.filter((r) => r.status === 409);
    for (const r of retryable) expect(r.body.error.code).toBe("delivery_in_progress");
    const acknowledged = answers.filter((r) => r.status === 200);
    expect(acknowledged.length + retryable.length).toBe(answers.length);
    expect(acknowledged.filter((r) => r.body.status === "applied")).toHaveLength(1);
    expect(acknowledged.filter((r) => r.body.status !== "applied").map((r) => r.body.status)).toEqual(Array(acknowledged.length - 1).fill("duplicate"));
    for (const r of later) expect(r.body.status).toBe("duplicate");
    // A replay that raced the first delivery through the transition recognises its own event
    // instead of reporting the state it left ("cannot be finalized") as a refusal.
    for (const r of acknowledged) expect(r.body.error ?? "Already received: applied.").toBe("Already received: applied.");
    const invoiceId = acknowledged.find((r) => r.body.status === "applied")!.body.invoice_id;
    expect(invoiceId).toMatch(/^inv_/);
    // A replay stopped at the receipt knows no invoice, except a create's: its id follows from the event.
    for (const r of acknowledged) expect([invoiceId, ...(setupName.startsWith("invoice.create") ? [] : [null])]).toContain(r.body.invoice_id);

    expect(await effect(hook, invoiceId)).toEqual(expected);
    expect((await receiptsFor(["msg_once"])).filter((r) => r.source === `account:${hook.accountId}`).map((r) => r.status)).toEqual(["applied"]);
  });
});

describe("the receiver's OpenAPI description", () => {
  it("lists every event type and both signature schemes", async () => {
    const doc = (await (await exports.default.fetch("https://api.test/openapi.json")).json()) as any;
    const description: string = doc.paths["/v1/hooks/{account_id}"].post.description;
    for (const type of GENERIC_EVENT_TYPES) expect(description).toContain(type);
    for (const header of ["Webhook-Signature: t=", "webhook-id", "webhook-timestamp", "webhook-signature: v1,"]) expect(description).toContain(header);
  });
});
