import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { invalidRequest, notFound } from "../../errors";
import { invoiceContextFrom } from "../../services/invoices/context";
import { loadInvoiceRow } from "../../services/invoices/load";
import { listPayments, recordPayment, type RecordedPayment } from "../../services/invoices/payments";
import type { createInvoicePaymentRoute, createPaymentRoute, listInvoicePaymentsRoute } from "./payments.routes";

const present = ({ payment, invoice }: RecordedPayment) => ({ ...payment, invoice });

/**
 * With an Idempotency-Key the payment carries it as its external id, which is unique per
 * account: a retry after a released key (a 5xx after the commit) finds the payment instead of
 * applying the money twice.
 */
const dedupe = (c: { req: { header: (name: string) => string | undefined } }) => {
  const key = c.req.header("Idempotency-Key");
  return key ? { external_id: `idempotency:${key}` } : {};
};

export const createInvoicePaymentHandler: RouteHandler<typeof createInvoicePaymentRoute, AppEnv> = async (c) => {
  return c.json(present(await recordPayment(invoiceContextFrom(c), c.req.valid("param").id, { ...c.req.valid("json"), ...dedupe(c) })), 201);
};

export const createPaymentHandler: RouteHandler<typeof createPaymentRoute, AppEnv> = async (c) => {
  const { invoice_id, ...input } = c.req.valid("json");
  try {
    return c.json(present(await recordPayment(invoiceContextFrom(c), invoice_id, { ...input, ...dedupe(c) })), 201);
  } catch (err) {
    // The invoice is named in the body here, so a missing one is a bad parameter.
    if (err instanceof Error && "type" in err && (err as { type: string }).type === "not_found_error")
      throw invalidRequest("invoice_id", `No such invoice: '${invoice_id}'.`, "resource_missing");
    throw err;
  }
};

export const listInvoicePaymentsHandler: RouteHandler<typeof listInvoicePaymentsRoute, AppEnv> = async (c) => {
  const ctx = invoiceContextFrom(c);
  const { id } = c.req.valid("param");
  await loadInvoiceRow(ctx, id).catch(() => {
    throw notFound("invoice", id);
  });
  const data = await listPayments(ctx, id);
  return c.json({ object: "list" as const, data, has_more: false, url: `/v1/invoices/${id}/payments` }, 200);
};
