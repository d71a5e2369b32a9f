import type { RouteHandler } from "@hono/zod-openapi";
import { invoiceExists } from "../../db/invoice-queries";
import { NotFoundError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import type { InvoiceContext } from "../../services/invoices/context";
import { listInvoicePayments } from "../../db/payment-queries";
import { type RecordedPayment, recordPayment } from "../../services/invoices/payments";
import type { createInvoicePaymentRoute, createPaymentRoute, listInvoicePaymentsRoute } from "./payments.routes";

const present = ({ payment, invoice }: RecordedPayment) => ({ ...payment, invoice });

/**
 * With an Idempotency-Key the payment carries it as its external id, which is unique per
 * account: a retry after a released key (a 5xx after the commit) finds the payment instead of
 * applying the money twice.
 */
const dedupe = (ctx: InvoiceContext) => (ctx.idempotencyKey ? { external_id: `idempotency:${ctx.idempotencyKey}` } : {});

export const createInvoicePaymentHandler: RouteHandler<typeof createInvoicePaymentRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  return c.json(present(await recordPayment(ctx, c.req.valid("param").id, { ...c.req.valid("json"), ...dedupe(ctx) })), 201);
};

export const createPaymentHandler: RouteHandler<typeof createPaymentRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { invoice_id, ...input } = c.req.valid("json");
  try {
    return c.json(present(await recordPayment(ctx, invoice_id, { ...input, ...dedupe(ctx) })), 201);
  } catch (err) {
    // The invoice is named in the body here, so a missing one is a bad parameter.
    if (err instanceof NotFoundError && err.what === "invoice") throw err.asParam("invoice_id");
    throw err;
  }
};

export const listInvoicePaymentsHandler: RouteHandler<typeof listInvoicePaymentsRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { id } = c.req.valid("param");
  if (!(await invoiceExists(ctx.db, ctx.accountId, id))) throw new NotFoundError("invoice", id);
  const data = await listInvoicePayments(ctx.db, ctx.accountId, id);
  return c.json({ object: "list" as const, data, has_more: false, url: `/v1/invoices/${id}/payments` }, 200);
};
