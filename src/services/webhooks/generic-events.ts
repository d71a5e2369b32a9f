import { isCurrencyCode } from "../../domain/money";
import { type IncomingEvent, type EventIntent, isEventId, isRecord, stringOrNull } from "./incoming-event";

/*
 * The generic receiver's event shape, for systems other than Stripe:
 *   { "id": "evt_…", "type": "payment.succeeded",
 *     "data": { "invoice_id" | "invoice_number", "amount": <minor units>, "currency": "USD", "reference"?, "method"? } }
 *   { "id": "evt_…", "type": "invoice.send", "data": { "invoice_id" | "invoice_number" } }
 * The account is the one in the URL, whose secret signed the request.
 */

export const GENERIC_EVENT_TYPES = ["payment.succeeded", "invoice.send"] as const;

/** Parses a verified generic event body; null when it is not an event at all. */
export function parseGenericEvent(body: unknown): IncomingEvent | null {
  if (!isRecord(body) || !isEventId(body.id) || typeof body.type !== "string") return null;
  const data = isRecord(body.data) ? body.data : null;
  return { id: body.id, type: body.type, intent: data ? intentOf(body.id, body.type, data) : { kind: "reject", reason: "The event has no data object." } };
}

function intentOf(eventId: string, type: string, data: Record<string, unknown>): EventIntent {
  const invoiceId = stringOrNull(data.invoice_id);
  const invoiceNumber = stringOrNull(data.invoice_number);
  if (type !== "payment.succeeded" && type !== "invoice.send")
    return { kind: "reject", reason: `Event type '${type}' is not supported; use ${GENERIC_EVENT_TYPES.join(" or ")}.` };
  if (!invoiceId && !invoiceNumber) return { kind: "reject", reason: "data.invoice_id or data.invoice_number is required." };
  if (type === "invoice.send") return { kind: "send", invoiceId, invoiceNumber };

  if (typeof data.amount !== "number" || !Number.isSafeInteger(data.amount) || data.amount <= 0)
    return { kind: "reject", reason: "data.amount must be a positive integer in the currency's minor units." };
  const currency = typeof data.currency === "string" ? data.currency.toUpperCase() : "";
  if (!isCurrencyCode(currency)) return { kind: "reject", reason: "data.currency must be an ISO 4217 code." };
  return {
    kind: "payment",
    payment: {
      invoiceId,
      invoiceNumber,
      accountId: null,
      amount: data.amount,
      currency,
      reference: stringOrNull(data.reference),
      method: stringOrNull(data.method),
      externalId: eventId,
    },
  };
}
