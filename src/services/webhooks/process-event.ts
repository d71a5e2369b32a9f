import type { Db } from "../../db/client";
import { findInvoiceRow } from "../../db/invoice-queries";
import { findInvoiceIdByNumber, findInvoiceOwner, findReceipt, recordReceipt, type ReceiptStatus } from "../../db/webhook-queries";
import { DomainError, NotFoundError, StateConflictError, TransientConflictError } from "../../domain/errors";
import type { InvoiceContext } from "../invoices/context";
import { recordPayment } from "../invoices/payments";
import type { IncomingEvent, PaymentReport } from "./incoming-event";

/*
 * Takes one verified event from "received" to "recorded", at most once per (source, event id).
 * A refusal that would be the same on every retry (unknown invoice, wrong currency, more than
 * is due, a voided invoice) is acknowledged and recorded as "rejected", so the sender stops
 * retrying; anything transient throws, nothing is recorded, the sender gets a 5xx and
 * retries. Payments carry the event's external id, so even two deliveries racing past the
 * receipt check apply one payment.
 */

/** Sends an invoice on behalf of a webhook; the dedupe key makes a replayed event email once. */
export type SendInvoice = (ctx: InvoiceContext, invoiceId: string, dedupeKey: string) => Promise<void>;

export type EventSource =
  | { kind: "stripe" }
  /** The generic receiver: the account is the one whose secret signed the request. */
  | { kind: "account"; accountId: string };

export type ProcessDeps = {
  db: Db;
  /** A context for the given account; the actor names the sender. */
  contextFor: (accountId: string) => InvoiceContext;
  sendInvoice: SendInvoice;
};

export type EventOutcome = {
  event_id: string;
  type: string;
  status: ReceiptStatus;
  error: string | null;
  invoice_id: string | null;
  payment_id: string | null;
};

export const receiptSource = (source: EventSource) => (source.kind === "stripe" ? "stripe" : `account:${source.accountId}`);

type Resolved = { accountId: string; invoiceId: string } | { rejected: string; accountId: string | null };

async function resolveInvoice(
  deps: ProcessDeps,
  source: EventSource,
  ref: { invoiceId: string | null; invoiceNumber: string | null; accountId?: string | null },
): Promise<Resolved> {
  if (source.kind === "stripe") {
    const owner = ref.invoiceId ? await findInvoiceOwner(deps.db, ref.invoiceId) : null;
    // A mismatching account id is answered like an unknown invoice: it reveals nothing.
    if (!owner || (ref.accountId && ref.accountId !== owner)) return { rejected: `No such invoice: '${ref.invoiceId}'.`, accountId: null };
    return { accountId: owner, invoiceId: ref.invoiceId! };
  }
  const invoiceId = ref.invoiceId
    ? ((await findInvoiceRow(deps.db, source.accountId, ref.invoiceId))?.id ?? null)
    : await findInvoiceIdByNumber(deps.db, source.accountId, ref.invoiceNumber!);
  if (!invoiceId) return { rejected: `No such invoice: '${ref.invoiceId ?? ref.invoiceNumber}'.`, accountId: source.accountId };
  return { accountId: source.accountId, invoiceId };
}

/** Errors that will not change on retry. */
function permanentReason(err: unknown): string | null {
  if (err instanceof TransientConflictError) return null;
  if (err instanceof DomainError || err instanceof StateConflictError || err instanceof NotFoundError) return err.message;
  return null;
}

export async function processEvent(deps: ProcessDeps, source: EventSource, event: IncomingEvent, receivedAt: string): Promise<EventOutcome> {
  const sourceKey = receiptSource(source);
  const outcome: EventOutcome = { event_id: event.id, type: event.type, status: "ignored", error: null, invoice_id: null, payment_id: null };
  const previous = await findReceipt(deps.db, sourceKey, event.id);
  if (previous) return { ...outcome, status: "duplicate", error: `Already received: ${previous.status}.` };

  let accountId: string | null = source.kind === "account" ? source.accountId : null;
  const intent = event.intent;
  if (intent.kind === "ignore" || intent.kind === "reject") {
    outcome.status = intent.kind === "ignore" ? "ignored" : "rejected";
    outcome.error = intent.reason;
  } else {
    const ref = intent.kind === "payment" ? intent.payment : intent;
    const resolved = await resolveInvoice(deps, source, ref);
    accountId = resolved.accountId;
    if ("rejected" in resolved) {
      outcome.status = "rejected";
      outcome.error = resolved.rejected;
    } else {
      outcome.invoice_id = resolved.invoiceId;
      const ctx = deps.contextFor(resolved.accountId);
      try {
        if (intent.kind === "payment") {
          const result = await applyPayment(ctx, resolved.invoiceId, intent.payment, source.kind === "stripe" ? "stripe" : "webhook");
          outcome.status = result.duplicate ? "duplicate" : "applied";
          outcome.payment_id = result.payment.id;
        } else {
          await deps.sendInvoice(ctx, resolved.invoiceId, `webhook:${sourceKey}:${event.id}`);
          outcome.status = "applied";
        }
      } catch (err) {
        const reason = permanentReason(err);
        if (reason === null) throw err;
        outcome.status = "rejected";
        outcome.error = reason;
      }
    }
  }

  const recorded = await recordReceipt(deps.db, {
    accountId,
    source: sourceKey,
    eventId: event.id,
    type: event.type,
    status: outcome.status,
    error: outcome.error,
    receivedAt,
  });
  // Another delivery of the same event finished first; the payment itself was deduplicated.
  if (!recorded) return { ...outcome, status: "duplicate" };
  return outcome;
}

function applyPayment(ctx: InvoiceContext, invoiceId: string, p: PaymentReport, source: "stripe" | "webhook") {
  return recordPayment(ctx, invoiceId, {
    amount: p.amount,
    currency: p.currency,
    method: p.method,
    reference: p.reference,
    external_id: p.externalId,
    source,
  });
}
