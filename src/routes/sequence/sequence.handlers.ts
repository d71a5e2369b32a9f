import type { RouteHandler } from "@hono/zod-openapi";
import { getAccount } from "../../db/account-queries";
import { listInvoices } from "../../db/invoice-queries";
import { toSequenceInvoice } from "../../domain/sequence-view";
import type { Invoice } from "../../domain/types";
import type { AppEnv } from "../../env";
import { invalidRequest } from "../../errors";
import { sendInvoice } from "../../services/delivery/send-invoice";
import type { InvoiceContext } from "../../services/invoices/context";
import { loadInvoice } from "../../services/invoices/load";
import { finalizeInvoice, voidInvoice } from "../../services/invoices/transitions";
import { countInvoices } from "../../db/invoice-count-queries";
import { decodeCursor, sequencePagination } from "./sequence-pagination";
import type {
  finalizeSequenceInvoiceRoute,
  getSequenceInvoiceRoute,
  listSequenceInvoicesRoute,
  sendSequenceInvoiceRoute,
  voidSequenceInvoiceRoute,
} from "./sequence.routes";

/** Renders invoices of the calling account in Sequence's shape; the account is read once. */
async function viewer(ctx: InvoiceContext) {
  const account = await getAccount(ctx.db, ctx.accountId);
  return (invoice: Invoice) => toSequenceInvoice(invoice, account, invoice.customer);
}

function cursorId(param: "before" | "after", cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = decodeCursor(cursor);
  if (!id) throw invalidRequest(param, `Invalid '${param}': not a pagination cursor from this API.`);
  return id;
}

export const listSequenceInvoicesHandler: RouteHandler<typeof listSequenceInvoicesRoute, AppEnv> = async (c) => {
  const query = c.req.valid("query");
  if (query.before !== undefined && query.after !== undefined) throw invalidRequest("before", "Pass either 'before' or 'after', not both.");
  const { ctx } = c.var;
  const filter = {
    limit: query.limit,
    starting_after: cursorId("after", query.after),
    ending_before: cursorId("before", query.before),
    customer_id: query.customerId,
    sort: "created_at" as const,
    order: query.sortOrder === "ASC" ? ("asc" as const) : ("desc" as const),
  };
  const [page, total, render] = await Promise.all([
    listInvoices(ctx.db, ctx.accountId, filter, ctx.baseUrl),
    countInvoices(ctx.db, ctx.accountId, { customerId: query.customerId }),
    viewer(ctx),
  ]);
  if (!page) throw invalidRequest(query.after !== undefined ? "after" : "before", "No such invoice to page from.");
  return c.json(
    {
      items: page.data.map(render),
      pagination: sequencePagination(
        { ids: page.data.map((i) => i.id), hasMore: page.has_more, totalResultSize: total },
        { after: query.after, before: query.before },
      ),
    },
    200,
  );
};

export const getSequenceInvoiceHandler: RouteHandler<typeof getSequenceInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const [invoice, render] = await Promise.all([loadInvoice(ctx, c.req.valid("param").id), viewer(ctx)]);
  return c.json(render(invoice), 200);
};

export const finalizeSequenceInvoiceHandler: RouteHandler<typeof finalizeSequenceInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const [invoice, render] = await Promise.all([finalizeInvoice(ctx, c.req.valid("param").id), viewer(ctx)]);
  return c.json(render(invoice), 200);
};

/** The /v1 send without options: Sequence's send takes no body. */
export const sendSequenceInvoiceHandler: RouteHandler<typeof sendSequenceInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const attemptKey = ctx.idempotencyKey ?? c.var.requestId;
  const [sent, render] = await Promise.all([sendInvoice(ctx, c.req.valid("param").id, {}, attemptKey), viewer(ctx)]);
  return c.json(render(sent.invoice), 200);
};

export const voidSequenceInvoiceHandler: RouteHandler<typeof voidSequenceInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const [invoice, render] = await Promise.all([voidInvoice(ctx, c.req.valid("param").id), viewer(ctx)]);
  return c.json(render(invoice), 200);
};
