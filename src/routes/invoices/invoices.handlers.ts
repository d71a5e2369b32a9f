import type { RouteHandler } from "@hono/zod-openapi";
import { listInvoiceTimeline, toEvent } from "../../db/event-queries";
import { invoiceExists, listInvoices } from "../../db/invoice-queries";
import { invoiceOf } from "../../db/invoice-state-queries";
import { NotFoundError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { invalidRequest } from "../../errors";
import { createAndSendInvoice } from "../../services/delivery/send-invoice";
import { deleteDraft, updateInvoice } from "../../services/invoices/draft-updates";
import { createInvoiceOnce } from "../../services/invoices/drafts";
import { loadInvoice } from "../../services/invoices/load";
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
  const { ctx } = c.var;
  if (!send_email) {
    const { state } = await createInvoiceOnce(ctx, input, ctx.idempotencyKey);
    return c.json(invoiceOf(state, state.row, ctx.baseUrl), 201);
  }
  const sent = await createAndSendInvoice(ctx, input, ctx.idempotencyKey ?? c.var.requestId, ctx.idempotencyKey);
  return c.json({ ...sent.invoice, email_details: sent.details }, 201);
};

export const listInvoicesHandler: RouteHandler<typeof listInvoicesRoute, AppEnv> = async (c) => {
  const query = c.req.valid("query");
  const { ctx } = c.var;
  const page = await listInvoices(ctx.db, ctx.accountId, query, ctx.baseUrl);
  if (!page) throw invalidRequest(query.starting_after ? "starting_after" : "ending_before", "No such invoice to page from.");
  return c.json({ object: "list" as const, ...page, url: "/v1/invoices" }, 200);
};

export const getInvoiceHandler: RouteHandler<typeof getInvoiceRoute, AppEnv> = async (c) => c.json(await loadInvoice(c.var.ctx, c.req.valid("param").id), 200);

export const updateInvoiceHandler: RouteHandler<typeof updateInvoiceRoute, AppEnv> = async (c) =>
  c.json(await updateInvoice(c.var.ctx, c.req.valid("param").id, c.req.valid("json")), 200);

export const deleteInvoiceHandler: RouteHandler<typeof deleteInvoiceRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  await deleteDraft(c.var.ctx, id);
  return c.json({ id, object: "invoice", deleted: true as const }, 200);
};

export const finalizeInvoiceHandler: RouteHandler<typeof finalizeInvoiceRoute, AppEnv> = async (c) =>
  c.json(await finalizeInvoice(c.var.ctx, c.req.valid("param").id), 200);

export const voidInvoiceHandler: RouteHandler<typeof voidInvoiceRoute, AppEnv> = async (c) =>
  c.json(await voidInvoice(c.var.ctx, c.req.valid("param").id), 200);

export const markUncollectibleHandler: RouteHandler<typeof markUncollectibleRoute, AppEnv> = async (c) =>
  c.json(await markUncollectible(c.var.ctx, c.req.valid("param").id), 200);

export const listInvoiceEventsHandler: RouteHandler<typeof listInvoiceEventsRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { id } = c.req.valid("param");
  if (!(await invoiceExists(ctx.db, ctx.accountId, id))) throw new NotFoundError("invoice", id);
  const data = (await listInvoiceTimeline(ctx.db, ctx.accountId, id)).map(toEvent);
  return c.json({ object: "list" as const, data, has_more: false, url: `/v1/invoices/${id}/events` }, 200);
};
