import type { RouteHandler } from "@hono/zod-openapi";
import { getAccount } from "../../db/account-queries";
import type { AppEnv } from "../../env";
import { invoicePdf, pdfResponse } from "../../services/documents";
import { deliveryDepsFromContext, sendInvoice } from "../../services/delivery/send-invoice";
import { invoiceContextFrom } from "../../services/invoices/context";
import { loadInvoice } from "../../services/invoices/load";
import type { invoicePdfRoute, sendInvoiceRoute } from "./delivery.routes";

export const sendInvoiceHandler: RouteHandler<typeof sendInvoiceRoute, AppEnv> = async (c) => {
  const ctx = invoiceContextFrom(c);
  const options = (await c.req.text()) ? c.req.valid("json") : {};
  const attemptKey = c.req.header("Idempotency-Key") ?? c.get("requestId");
  const sent = await sendInvoice(deliveryDepsFromContext(c), ctx, c.req.valid("param").id, options ?? {}, attemptKey);
  return c.json({ ...sent.invoice, email_details: sent.details }, 200);
};

export const invoicePdfHandler: RouteHandler<typeof invoicePdfRoute, AppEnv> = async (c) => {
  const ctx = invoiceContextFrom(c);
  const [invoice, account] = await Promise.all([loadInvoice(ctx, c.req.valid("param").id), getAccount(ctx.db, ctx.accountId)]);
  return pdfResponse(await invoicePdf(c.env.DOCUMENTS, invoice, account)) as never;
};
