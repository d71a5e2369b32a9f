import { describe, expect, it } from "vitest";
import { parseGenericEvent } from "../../../src/services/webhooks/generic-events";
import { fromStripeAmount } from "../../../src/services/webhooks/stripe-amounts";
import { parseStripeEvent } from "../../../src/services/webhooks/stripe-events";

describe("fromStripeAmount", () => {
  it("keeps ISO minor units and converts Stripe's exceptions exactly", () => {
    expect(fromStripeAmount(697500, "usd")).toBe(697500);
    expect(fromStripeAmount(5000, "JPY")).toBe(5000);
    expect(fromStripeAmount(12340, "kwd")).toBe(12340);
    expect(fromStripeAmount(150000, "isk")).toBe(1500); // Stripe sends ISK with two decimals
    expect(fromStripeAmount(150050, "isk")).toBeNull(); // not a whole krona: refuse, never round
    expect(fromStripeAmount(1500, "mga")).toBe(150000); // Stripe sends MGA without decimals
    expect(fromStripeAmount(1.5, "usd")).toBeNull();
  });
});

describe("parseStripeEvent", () => {
  const intent = (object: Record<string, unknown>) => parseStripeEvent({ id: "evt_1", type: "payment_intent.succeeded", data: { object } });
  it("turns a succeeded PaymentIntent into a payment keyed by the intent", () => {
    expect(intent({ id: "pi_1", amount_received: 1000, currency: "eur", metadata: { invoice_id: "inv_1", account_id: "acct_1" } })).toEqual({
      id: "evt_1",
      type: "payment_intent.succeeded",
      intent: {
        kind: "payment",
        payment: {
          invoiceId: "inv_1",
          invoiceNumber: null,
          accountId: "acct_1",
          amount: 1000,
          currency: "EUR",
          reference: "pi_1",
          method: "stripe",
          externalId: "pi_1",
        },
      },
    });
  });
  it("keys a Checkout Session by its PaymentIntent, else the session", () => {
    const session = (extra: Record<string, unknown>) =>
      parseStripeEvent({
        id: "evt_2",
        type: "checkout.session.completed",
        data: { object: { id: "cs_1", amount_total: 500, currency: "usd", payment_status: "paid", metadata: { invoice_id: "inv_1" }, ...extra } },
      });
    expect(session({ payment_intent: "pi_9" })?.intent).toMatchObject({ kind: "payment", payment: { externalId: "pi_9", amount: 500 } });
    expect(session({ payment_intent: { id: "pi_8" } })?.intent).toMatchObject({ kind: "payment", payment: { externalId: "pi_8" } });
    expect(session({ payment_intent: null })?.intent).toMatchObject({ kind: "payment", payment: { externalId: "cs_1" } });
    expect(session({ payment_status: "unpaid" })?.intent.kind).toBe("ignore");
  });
  it("ignores what is not ours and rejects what cannot be a payment", () => {
    expect(intent({ id: "pi_1", amount_received: 1000, currency: "usd", metadata: {} })?.intent.kind).toBe("ignore");
    expect(intent({ id: "pi_1", amount_received: 0, currency: "usd", metadata: { invoice_id: "inv_1" } })?.intent.kind).toBe("reject");
    expect(intent({ id: "pi_1", amount_received: 10, currency: "dollars", metadata: { invoice_id: "inv_1" } })?.intent.kind).toBe("reject");
    expect(parseStripeEvent({ id: "evt_3", type: "invoice.paid", data: { object: {} } })?.intent.kind).toBe("ignore");
    expect(parseStripeEvent({ type: "payment_intent.succeeded" })).toBeNull();
    expect(parseStripeEvent({ id: "evt 4", type: "x" })).toBeNull();
  });
});

describe("parseGenericEvent", () => {
  it("reads payment.succeeded by id or number", () => {
    expect(
      parseGenericEvent({ id: "e1", type: "payment.succeeded", data: { invoice_number: "INV-2024-0001", amount: 100, currency: "gbp", reference: "R1" } })
        ?.intent,
    ).toEqual({
      kind: "payment",
      payment: {
        invoiceId: null,
        invoiceNumber: "INV-2024-0001",
        accountId: null,
        amount: 100,
        currency: "GBP",
        reference: "R1",
        method: null,
        externalId: "e1",
      },
    });
    expect(parseGenericEvent({ id: "e2", type: "invoice.send", data: { invoice_id: "inv_1" } })?.intent).toEqual({
      kind: "send",
      invoiceId: "inv_1",
      invoiceNumber: null,
    });
  });
  it.each([
    [{ invoice_id: "inv_1", amount: -1, currency: "USD" }, /positive integer/],
    [{ invoice_id: "inv_1", amount: 10, currency: "XXXX" }, /ISO 4217/],
    [{ amount: 10, currency: "USD" }, /invoice_id or data.invoice_number/],
  ])("rejects %j", (data, reason) => {
    const intent = parseGenericEvent({ id: "e3", type: "payment.succeeded", data })?.intent;
    expect(intent?.kind).toBe("reject");
    expect(intent && "reason" in intent ? intent.reason : "").toMatch(reason);
  });
  it("reads invoice.finalize and invoice.void like invoice.send", () => {
    expect(parseGenericEvent({ id: "e4", type: "invoice.finalize", data: { invoice_id: "inv_1" } })?.intent).toEqual({
      kind: "finalize",
      invoiceId: "inv_1",
      invoiceNumber: null,
    });
    expect(parseGenericEvent({ id: "e5", type: "invoice.void", data: { invoice_number: "INV-7" } })?.intent).toEqual({
      kind: "void",
      invoiceId: null,
      invoiceNumber: "INV-7",
    });
    expect(parseGenericEvent({ id: "e6", type: "invoice.void", data: {} })?.intent.kind).toBe("reject");
  });
  it("passes invoice.create's data on as received, missing or not: the receiver's schema judges it", () => {
    const data = { customer_email: "ap@globex.test", line_items: [], send: true };
    expect(parseGenericEvent({ id: "e7", type: "invoice.create", data })?.intent).toEqual({ kind: "create", data });
    expect(parseGenericEvent({ id: "e8", type: "invoice.create" })?.intent).toEqual({ kind: "create", data: undefined });
  });
  it.each([["invoice.delete"], ["constructor"], ["toString"]])("rejects the unsupported type %s, naming the supported ones", (type) => {
    const intent = parseGenericEvent({ id: "e9", type, data: { invoice_id: "inv_1" } })?.intent;
    expect(intent).toEqual({
      kind: "reject",
      reason: `Event type '${type}' is not supported; use payment.succeeded, invoice.create, invoice.send, invoice.finalize or invoice.void.`,
    });
  });
});
