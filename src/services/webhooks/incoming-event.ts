/*
 * What an incoming webhook event asks of us, once parsed and before any I/O. Parsers for
 * each sender (Stripe, the generic per-account receiver) turn a JSON body into one of these.
 */

/** A payment another system reports; amounts in our minor units, currency upper case. */
export type PaymentReport = {
  invoiceId: string | null;
  invoiceNumber: string | null;
  /** The account the sender claims the invoice belongs to, checked against the invoice. */
  accountId: string | null;
  amount: number;
  currency: string;
  reference: string | null;
  method: string | null;
  /** What makes a repeat harmless: the same external id is applied once per account and sender. */
  externalId: string;
};

/** What the generic receiver can do to one existing invoice, as the API's routes of the same names do. */
export type InvoiceAction = "send" | "finalize" | "void";

export type EventIntent =
  | { kind: "payment"; payment: PaymentReport }
  | { kind: InvoiceAction; invoiceId: string | null; invoiceNumber: string | null }
  /** `data` as received: the body of POST /v1/invoices (or the customer's email), checked by the receiver against the API's schema. */
  | { kind: "create"; data: unknown }
  | { kind: "ignore"; reason: string }
  | { kind: "reject"; reason: string };

export type IncomingEvent = { id: string; type: string; intent: EventIntent };

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const stringOrNull = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

/** Event ids are stored and compared; keep them printable and bounded. */
export const isEventId = (v: unknown): v is string => typeof v === "string" && /^[\x21-\x7e]{1,255}$/.test(v);
