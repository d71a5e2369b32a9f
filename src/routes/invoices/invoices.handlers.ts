import type { RouteHandler } from "@hono/zod-openapi";
import { and, asc, eq, sql } from "drizzle-orm";
import { getAccount } from "../../db/account-queries";
import { listInvoices } from "../../db/invoice-queries";
import { createAndSendInvoice, deliveryDepsFromContext } from "../../services/delivery/send-invoice";
import { invoiceEvents } from "../../db/schema";
import type { AppEnv } from "../../env";
import { invalidRequest } from "../../errors";
import { invoiceContextFrom } from "../../services/invoices/context";
import { createInvoiceOnce, deleteDraft, updateInvoice } from "../../services/invoices/drafts";
import { loadInvoice, loadInvoiceRow } from "../../services/invoices/load";
import { finalizeInvoice, markUncollectible, voidInvoice } from "../../services/invoices/transitions";
import type {
  createInvoiceRoute,
  deleteInvoiceRoute,
  finalizeInvoiceRoute,
  getInvoiceRoute,
  listInvoiceEventsRoute,
  listInvoicesRoute,
  markUncollectibleRoute,
  updateInvoiceRoute,
  voidInvoiceRoute,
} from "./invoices.routes";

export const createInvoiceHandler: RouteHandler<typeof createInvoiceRoute, AppEnv> = async (c) => {
  const { send_email, ...input } = c.req.valid("json");
  const ctx = invoiceContextFrom(c);
  const key = c.req.header("Idempotency-Key");
  if (!send_email) return c.json(await createInvoiceOnce(ctx, input, key), 201);
  const sent = await createAndSendInvoice(deliveryDepsFromContext(c), ctx, input, key ?? c.get("requestId"), key);
  return c.json({ ...sent.invoice, email_details: sent.details }, 201);
};

export const listInvoicesHandler: RouteHandler<typeof listInvoicesRoute, AppEnv> = async (c) => {
  const query = c.req.valid("query");
  const ctx = invoiceContextFrom(c);
  const page = await listInvoices(ctx.db, ctx.accountId, query, ctx.baseUrl);
  if (!page) throw invalidRequest(query.starting_after ? "starting_after" : "ending_before", "No such invoice to page from.");
  return c.json({ object: "list" as const, ...page, url: "/v1/invoices" }, 200);
};

export const getInvoiceHandler: RouteHandler<typeof getInvoiceRoute, AppEnv> = async (c) =>
  c.json(await loadInvoice(invoiceContextFrom(c), c.req.valid("param").id), 200);

export const updateInvoiceHandler: RouteHandler<typeof updateInvoiceRoute, AppEnv> = async (c) =>
  c.json(await updateInvoice(invoiceContextFrom(c), c.req.valid("param").id, c.req.valid("json")), 200);

export const deleteInvoiceHandler: RouteHandler<typeof deleteInvoiceRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  await deleteDraft(invoiceContextFrom(c), id);
  return c.json({ id, object: "invoice", deleted: true as const }, 200);
};

export const finalizeInvoiceHandler: RouteHandler<typeof finalizeInvoiceRoute, AppEnv> = async (c) => {
  const ctx = invoiceContextFrom(c);
  const account = await getAccount(ctx.db, ctx.accountId);
  return c.json(await finalizeInvoice(ctx, c.req.valid("param").id, account.invoice_prefix), 200);
};

export const voidInvoiceHandler: RouteHandler<typeof voidInvoiceRoute, AppEnv> = async (c) =>
  c.json(await voidInvoice(invoiceContextFrom(c), c.req.valid("param").id), 200);

export const markUncollectibleHandler: RouteHandler<typeof markUncollectibleRoute, AppEnv> = async (c) =>
  c.json(await markUncollectible(invoiceContextFrom(c), c.req.valid("param").id), 200);

export const listInvoiceEventsHandler: RouteHandler<typeof listInvoiceEventsRoute, AppEnv> = async (c) => {
  const ctx = invoiceContextFrom(c);
  const { id } = c.req.valid("param");
  await loadInvoiceRow(ctx, id);
  const rows = await ctx.db.query.invoiceEvents.findMany({
    where: and(eq(invoiceEvents.accountId, ctx.accountId), eq(invoiceEvents.invoiceId, id)),
    // rowid breaks ties between events written in the same millisecond, in insertion order.
    orderBy: [asc(invoiceEvents.createdAt), sql`rowid`],
  });
  const data = rows.map((e) => ({
    id: e.id,
    object: "invoice_event" as const,
    type: e.type,
    invoice_id: e.invoiceId,
    data: e.data ?? {},
    actor: e.actor,
    request_id: e.requestId,
    created_at: e.createdAt,
  }));
  return c.json({ object: "list" as const, data, has_more: false, url: `/v1/invoices/${id}/events` }, 200);
};
