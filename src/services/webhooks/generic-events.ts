import { isCurrencyCode } from "../../domain/money";
import { type IncomingEvent, type EventIntent, type InvoiceAction, isEventId, isRecord, stringOrNull } from "./incoming-event";

/*
 * The generic receiver's event shape, for systems other than Stripe:
 *   { "id": "evt_…", "type": "payment.succeeded",
 *     "data": { "invoice_id" | "invoice_number", "amount": <minor units>, "currency": "USD", "reference"?, "method"? } }
 *   { "id": "evt_…", "type": "invoice.send" | "invoice.finalize" | "invoice.void", "data": { "invoice_id" | "invoice_number" } }
 *   { "id": "evt_…", "type": "invoice.create", "data": { <POST /v1/invoices body>, "customer_email"?, "send"? } }
 * The account is the one in the URL, whose secret signed the request. invoice.create's data is
 * checked by the receiver against the API's own schema (src/routes/hooks/invoice-create-trigger.ts).
 */

export const GENERIC_EVENT_TYPES = ["payment.succeeded", "invoice.create", "invoice.send", "invoice.finalize", "invoice.void"] as const;

const INVOICE_ACTIONS = new Map<string, InvoiceAction>([
  ["invoice.send", "send"],
  ["invoice.finalize", "finalize"],
  ["invoice.void", "void"],
]);

const typeList = `${GENERIC_EVENT_TYPES.slice(0, -1).join(", ")} or ${GENERIC_EVENT_TYPES.at(-1)}`;

/** Parses a verified generic event body; null when it is not an event at all. */
export function parseGenericEvent(body: unknown): IncomingEvent | null {
  if (!isRecord(body) || !isEventId(body.id) || typeof body.type !== "string") return null;
  // Even a missing data object is the schema's to name, like every other fault of a create.
  if (body.type === "invoice.create") return { id: body.id, type: body.type, intent: { kind: "create", data: body.data } };
  const data = isRecord(body.data) ? body.data : null;
  return { id: body.id, type: body.type, intent: data ? intentOf(body.id, body.type, data) : { kind: "reject", reason: "The event has no data object." } };
}

function intentOf(eventId: string, type: string, data: Record<string, unknown>): EventIntent {
  const action = INVOICE_ACTIONS.get(type);
  if (type !== "payment.succeeded" && !action) return { kind: "reject", reason: `Event type '${type}' is not supported; use ${typeList}.` };
  const invoiceId = stringOrNull(data.invoice_id);
  const invoiceNumber = stringOrNull(data.invoice_number);
  if (!invoiceId && !invoiceNumber) return { kind: "reject", reason: "data.invoice_id or data.invoice_number is required." };
  if (action) return { kind: action, invoiceId, invoiceNumber };

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
