import type { RouteHandler } from "@hono/zod-openapi";
import { invoiceOf } from "../../db/invoice-state-queries";
import { NotFoundError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { loadCreditNoteDocument } from "../../services/credit-notes/credit-note-document";
import { pdfResponse } from "../../services/documents";
import { creditNoteEInvoiceValidation, invoiceEInvoiceValidation } from "../../services/e-invoice/validation";
import { loadState } from "../../services/invoices/load";
import type { creditNoteEInvoiceRoute, creditNoteEInvoiceValidationRoute, invoiceEInvoiceRoute, invoiceEInvoiceValidationRoute } from "./e-invoices.routes";

export const invoiceEInvoiceHandler: RouteHandler<typeof invoiceEInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const state = await loadState(ctx, c.req.valid("param").id);
  const document = await ctx.documents.invoiceEInvoice(
    invoiceOf(state, state.row, ctx.baseUrl),
    state.account,
    c.req.valid("query").format,
    state.row.issuedParties,
  );
  return pdfResponse(document) as never;
};

export const invoiceEInvoiceValidationHandler: RouteHandler<typeof invoiceEInvoiceValidationRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const state = await loadState(ctx, c.req.valid("param").id);
  return c.json(invoiceEInvoiceValidation(invoiceOf(state, state.row, ctx.baseUrl), state.account, state.row.issuedParties), 200);
};

async function creditNoteDocument(ctx: AppEnv["Variables"]["ctx"], id: string) {
  const found = await loadCreditNoteDocument(ctx.db, ctx.baseUrl, ctx.accountId, id);
  if (!found) throw new NotFoundError("credit_note", id);
  return found;
}

export const creditNoteEInvoiceHandler: RouteHandler<typeof creditNoteEInvoiceRoute, AppEnv> = async (c) => {
  const found = await creditNoteDocument(c.var.ctx, c.req.valid("param").id);
  const document = await c.var.ctx.documents.creditNoteEInvoice(
    found.note,
    found.invoice,
    found.state.account,
    c.req.valid("query").format,
    found.state.row.issuedParties,
  );
  return pdfResponse(document) as never;
};

export const creditNoteEInvoiceValidationHandler: RouteHandler<typeof creditNoteEInvoiceValidationRoute, AppEnv> = async (c) => {
  const found = await creditNoteDocument(c.var.ctx, c.req.valid("param").id);
  return c.json(creditNoteEInvoiceValidation(found.note, found.invoice, found.state.account, found.state.row.issuedParties), 200);
};
