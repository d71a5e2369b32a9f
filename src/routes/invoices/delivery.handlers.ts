import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { sendInvoice } from "../../services/delivery/send-invoice";
import { documentResponse } from "../../services/documents";
import { loadState } from "../../services/invoices/load";
import { invoiceOf } from "../../db/invoice-state-queries";
import type { invoicePdfRoute, sendInvoiceRoute } from "./delivery.routes";

export const sendInvoiceHandler: RouteHandler<typeof sendInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const options = (await c.req.text()) ? c.req.valid("json") : {};
  const sent = await sendInvoice(ctx, c.req.valid("param").id, options ?? {}, ctx.idempotencyKey ?? c.var.requestId);
  return c.json({ ...sent.invoice, email_details: sent.details }, 200);
};

export const invoicePdfHandler: RouteHandler<typeof invoicePdfRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const state = await loadState(ctx, c.req.valid("param").id);
  return documentResponse(await ctx.documents.invoicePdf(invoiceOf(state, state.row, ctx.baseUrl), state.account, state.row.issuedParties)) as never;
};
