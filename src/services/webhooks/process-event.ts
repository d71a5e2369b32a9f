import type { Db } from "../../db/client";
import { findInvoiceRow, invoiceExists } from "../../db/invoice-queries";
import { findInvoiceIdByNumber, findInvoiceOwner, findReceipt, recordReceipt, type ReceiptStatus } from "../../db/webhook-queries";
import { DomainError, NotFoundError, StateConflictError, TransientConflictError } from "../../domain/errors";
import type { InvoiceContext } from "../invoices/context";
import { invoiceIdForKey } from "../invoices/drafts";
import { recordPayment } from "../invoices/payments";
import { finalizeInvoice, voidInvoice } from "../invoices/transitions";
import type { EventIntent, IncomingEvent, InvoiceAction, PaymentReport } from "./incoming-event";

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

/**
 * Creates an invoice from invoice.create's data as POST /v1/invoices does, once per event key
 * (a replay finds the invoice the first delivery created). The receiver owns the API's schema,
 * so it checks the data: a fault in it is thrown as the receiver's own 400, which records nothing.
 */
export type CreateInvoice = (ctx: InvoiceContext, data: unknown, eventKey: string) => Promise<{ invoiceId: string }>;

export type EventSource =
  | { kind: "stripe" }
  /** The generic receiver: the account is the one whose secret signed the request. */
  | { kind: "account"; accountId: string };

export type ProcessDeps = {
  db: Db;
  /**
   * A context for the given account; the actor names the sender. It acts under the event's key
   * as its idempotency key, so a transition raced by a replay of its own event recognises it
   * (src/services/invoices/transitions.ts) and the replay is not refused as a conflict.
   */
  contextFor: (accountId: string, eventKey: string) => InvoiceContext;
  sendInvoice: SendInvoice;
  createInvoice: CreateInvoice;
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

/** The invoice an invoice.create event made, found by the id its key determines (src/services/invoices/drafts.ts). */
async function createdBy(db: Db, accountId: string, eventKey: string): Promise<string | null> {
  const id = await invoiceIdForKey(accountId, eventKey);
  return (await invoiceExists(db, accountId, id)) ? id : null;
}

type Applied = Pick<EventOutcome, "status" | "invoice_id" | "payment_id">;

async function applyToInvoice(
  deps: ProcessDeps,
  ctx: InvoiceContext,
  intent: InvoiceIntent,
  invoiceId: string,
  source: EventSource,
  eventKey: string,
): Promise<Applied> {
  const applied: Applied = { status: "applied", invoice_id: invoiceId, payment_id: null };
  if (intent.kind === "payment") {
    const result = await applyPayment(ctx, invoiceId, intent.payment, source.kind === "stripe" ? "stripe" : "webhook");
    return { ...applied, status: result.duplicate ? "duplicate" : "applied", payment_id: result.payment.id };
  }
  // The same service functions as the API's routes, so the invoice's events and side effects are theirs.
  if (intent.kind === "send") await deps.sendInvoice(ctx, invoiceId, eventKey);
  else if (intent.kind === "finalize") await finalizeInvoice(ctx, invoiceId);
  else await voidInvoice(ctx, invoiceId);
  return applied;
}

type InvoiceIntent = Extract<EventIntent, { kind: "payment" | InvoiceAction }>;

export async function processEvent(deps: ProcessDeps, source: EventSource, event: IncomingEvent, receivedAt: string): Promise<EventOutcome> {
  const sourceKey = receiptSource(source);
  const eventKey = `webhook:${sourceKey}:${event.id}`;
  const outcome: EventOutcome = { event_id: event.id, type: event.type, status: "ignored", error: null, invoice_id: null, payment_id: null };
  const intent = event.intent;
  // Only the per-account receiver parses invoice.create.
  const creatingFor = intent.kind === "create" && source.kind === "account" ? source.accountId : null;
  const previous = await findReceipt(deps.db, sourceKey, event.id);
  if (previous) {
    // A sender whose first answer was lost learns the invoice it created from the replay.
    const invoiceId = creatingFor ? await createdBy(deps.db, creatingFor, eventKey) : null;
    return { ...outcome, status: "duplicate", error: `Already received: ${previous.status}.`, invoice_id: invoiceId };
  }

  let accountId: string | null = source.kind === "account" ? source.accountId : null;
  if (intent.kind === "ignore" || intent.kind === "reject") {
    outcome.status = intent.kind === "ignore" ? "ignored" : "rejected";
    outcome.error = intent.reason;
  } else if (intent.kind === "create") {
    if (!creatingFor) {
      outcome.status = "rejected";
      outcome.error = "invoice.create is received only at /v1/hooks/{account_id}.";
    } else {
      try {
        const { invoiceId } = await deps.createInvoice(deps.contextFor(creatingFor, eventKey), intent.data, eventKey);
        Object.assign(outcome, { status: "applied", invoice_id: invoiceId });
      } catch (err) {
        const reason = permanentReason(err);
        if (reason === null) throw err;
        // Created, then refused for good by its send: the first delivery failed for the moment and the invoice was voided before its retry.
        Object.assign(outcome, { status: "rejected", error: reason, invoice_id: await createdBy(deps.db, creatingFor, eventKey) });
      }
    }
  } else {
    const ref = intent.kind === "payment" ? intent.payment : intent;
    const resolved = await resolveInvoice(deps, source, ref);
    accountId = resolved.accountId;
    if ("rejected" in resolved) {
      outcome.status = "rejected";
      outcome.error = resolved.rejected;
    } else {
      outcome.invoice_id = resolved.invoiceId;
      try {
        Object.assign(outcome, await applyToInvoice(deps, deps.contextFor(resolved.accountId, eventKey), intent, resolved.invoiceId, source, eventKey));
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
