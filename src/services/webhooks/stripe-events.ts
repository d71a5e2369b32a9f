import { type IncomingEvent, type EventIntent, isEventId, isRecord, stringOrNull } from "./incoming-event";
import { fromStripeAmount } from "./stripe-amounts";

/*
 * The Stripe events that mean "money arrived for an invoice". A Checkout Session creates a
 * PaymentIntent, so one payment can arrive as both checkout.session.completed and
 * payment_intent.succeeded: the payment's external id is the PaymentIntent id when there is
 * one, so the pair is applied once. The invoice is named in metadata.invoice_id (set by the
 * merchant when creating the session or intent); metadata.account_id, when present, must match.
 */

const CHECKOUT_EVENTS = new Set(["checkout.session.completed", "checkout.session.async_payment_succeeded"]);

/** Parses a verified Stripe event body; null when it is not an event at all. */
export function parseStripeEvent(body: unknown): IncomingEvent | null {
  if (!isRecord(body) || !isEventId(body.id) || typeof body.type !== "string") return null;
  const object = isRecord(body.data) && isRecord(body.data.object) ? body.data.object : null;
  return { id: body.id, type: body.type, intent: object ? intentOf(body.id, body.type, object) : { kind: "reject", reason: "The event has no data.object." } };
}

function intentOf(eventId: string, type: string, object: Record<string, unknown>): EventIntent {
  if (CHECKOUT_EVENTS.has(type)) {
    // Delayed methods (bank debits) complete the session before the money arrives.
    if (object.payment_status !== "paid") return { kind: "ignore", reason: `Checkout session payment_status is '${String(object.payment_status)}'.` };
    const intentId =
      typeof object.payment_intent === "string" ? object.payment_intent : isRecord(object.payment_intent) ? stringOrNull(object.payment_intent.id) : null;
    return payment(eventId, object, object.amount_total, intentId ?? stringOrNull(object.id));
  }
  if (type === "payment_intent.succeeded") return payment(eventId, object, object.amount_received, stringOrNull(object.id));
  return { kind: "ignore", reason: `Event type '${type}' is not handled.` };
}

function payment(eventId: string, object: Record<string, unknown>, rawAmount: unknown, paymentRef: string | null): EventIntent {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const invoiceId = stringOrNull(metadata.invoice_id);
  if (!invoiceId) return { kind: "ignore", reason: "No metadata.invoice_id: not a payment for an invoice of ours." };
  const currency = typeof object.currency === "string" && /^[a-z]{3}$/i.test(object.currency) ? object.currency.toUpperCase() : null;
  if (!currency) return { kind: "reject", reason: "The payment has no valid currency." };
  const amount = typeof rawAmount === "number" ? fromStripeAmount(rawAmount, currency) : null;
  if (amount === null || amount <= 0) return { kind: "reject", reason: "The payment has no positive amount in the currency's minor units." };
  return {
    kind: "payment",
    payment: {
      invoiceId,
      invoiceNumber: null,
      accountId: stringOrNull(metadata.account_id),
      amount,
      currency,
      reference: paymentRef,
      method: "stripe",
      externalId: paymentRef ?? eventId,
    },
  };
}
