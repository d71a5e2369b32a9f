import type { RouteHandler } from "@hono/zod-openapi";
import { invoiceOf } from "../../db/invoice-state-queries";
import type { AppEnv } from "../../env";
import { requireCreditNoteDocument } from "../../services/credit-notes/credit-note-document";
import { documentResponse } from "../../services/documents";
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
  return documentResponse(document) as never;
};

export const invoiceEInvoiceValidationHandler: RouteHandler<typeof invoiceEInvoiceValidationRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const state = await loadState(ctx, c.req.valid("param").id);
  return c.json(invoiceEInvoiceValidation(invoiceOf(state, state.row, ctx.baseUrl), state.account, state.row.issuedParties), 200);
};

export const creditNoteEInvoiceHandler: RouteHandler<typeof creditNoteEInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const found = await requireCreditNoteDocument(ctx, c.req.valid("param").id);
  return documentResponse(await ctx.documents.creditNoteEInvoice(found, c.req.valid("query").format)) as never;
};

export const creditNoteEInvoiceValidationHandler: RouteHandler<typeof creditNoteEInvoiceValidationRoute, AppEnv> = async (c) => {
  return c.json(creditNoteEInvoiceValidation(await requireCreditNoteDocument(c.var.ctx, c.req.valid("param").id)), 200);
};
