import { findInvoice, findInvoiceRow, type InvoiceRow } from "../../db/invoice-queries";
import type { Invoice } from "../../domain/types";
import { ApiError, notFound } from "../../errors";
import type { InvoiceContext } from "./context";

export async function loadInvoiceRow(ctx: InvoiceContext, id: string): Promise<InvoiceRow> {
  const row = await findInvoiceRow(ctx.db, ctx.accountId, id);
  if (!row) throw notFound("invoice", id);
  return row;
}

export async function loadInvoice(ctx: InvoiceContext, id: string): Promise<Invoice> {
  const invoice = await findInvoice(ctx.db, ctx.accountId, id, ctx.baseUrl);
  if (!invoice) throw notFound("invoice", id);
  return invoice;
}

const ATTEMPTS = 8;

/**
 * Optimistic concurrency: read, decide, write guarded by the version read. When another
 * request got there first, read again and decide again; the decision may now be a 409.
 */
export async function withFreshInvoice<T>(ctx: InvoiceContext, id: string, attempt: (row: InvoiceRow) => Promise<T | typeof RETRY>): Promise<T> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const row = await loadInvoiceRow(ctx, id);
    const result = await attempt(row);
    if (result !== RETRY) return result;
    await new Promise((r) => setTimeout(r, Math.random() * 10 * (i + 1)));
  }
  throw new ApiError("conflict_error", "concurrent_update", "The invoice changed repeatedly while this request ran; retry it.");
}

export const RETRY = Symbol("retry");
