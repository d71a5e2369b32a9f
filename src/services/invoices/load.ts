import { findInvoice } from "../../db/invoice-queries";
import { type InvoiceState, loadInvoiceState } from "../../db/invoice-state-queries";
import { NotFoundError, TransientConflictError } from "../../domain/errors";
import type { Invoice } from "../../domain/types";
import type { InvoiceContext } from "./context";

export async function loadInvoice(ctx: InvoiceContext, id: string): Promise<Invoice> {
  const invoice = await findInvoice(ctx.db, ctx.accountId, id, ctx.baseUrl);
  if (!invoice) throw new NotFoundError("invoice", id);
  return invoice;
}

/** The invoice with everything an operation on it reads (see InvoiceState), in one round trip. */
export async function loadState(ctx: InvoiceContext, id: string, dedupeKey?: string): Promise<InvoiceState> {
  const state = await loadInvoiceState(ctx.db, ctx.accountId, id, dedupeKey);
  if (!state) throw new NotFoundError("invoice", id);
  return state;
}

const ATTEMPTS = 8;

export const RETRY = Symbol("retry");

/**
 * Optimistic concurrency: decide on the state read, write guarded by its version. When another
 * request got there first, read the row again and decide again; the decision may now be a 409.
 */
export async function withFreshRow<T>(ctx: InvoiceContext, state: InvoiceState, attempt: (state: InvoiceState) => Promise<T | typeof RETRY>): Promise<T> {
  let current = state;
  for (let i = 0; i < ATTEMPTS; i++) {
    const result = await attempt(current);
    if (result !== RETRY) return result;
    await new Promise((r) => setTimeout(r, Math.random() * 10 * (i + 1)));
    // The whole state again, not the row alone: lines, customer and delivery may have moved too.
    current = await loadState(ctx, current.row.id, current.dedupeKey ?? undefined);
  }
  throw new TransientConflictError("concurrent_update", "The invoice changed repeatedly while this request ran; retry it.");
}
