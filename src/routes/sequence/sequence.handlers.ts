import type { RouteHandler } from "@hono/zod-openapi";
import { getAccount } from "../../db/account-queries";
import { creditNoteIdsByInvoice } from "../../db/credit-note-queries";
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

/**
 * One invoice in Sequence's shape, once `action` has produced it. The account and the
 * invoice's credit note ids are read beside the action: the id is known up front, and no
 * action here issues or removes a note.
 */
async function viewOne(ctx: InvoiceContext, id: string, action: Promise<Invoice>) {
  const [invoice, account, notes] = await Promise.all([action, getAccount(ctx.db, ctx.accountId), creditNoteIdsByInvoice(ctx.db, ctx.accountId, [id])]);
  return toSequenceInvoice(invoice, account, invoice.customer, notes.get(invoice.id) ?? []);
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
  const [page, total, account] = await Promise.all([
    listInvoices(ctx.db, ctx.accountId, filter, ctx.baseUrl),
    countInvoices(ctx.db, ctx.accountId, { customerId: query.customerId }),
    getAccount(ctx.db, ctx.accountId),
  ]);
  if (!page) throw invalidRequest(query.after !== undefined ? "after" : "before", "No such invoice to page from.");
  // The page's credit notes in one query, not one per invoice.
  const notes = await creditNoteIdsByInvoice(
    ctx.db,
    ctx.accountId,
    page.data.map((i) => i.id),
  );
  return c.json(
    {
      items: page.data.map((invoice) => toSequenceInvoice(invoice, account, invoice.customer, notes.get(invoice.id) ?? [])),
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
  const { id } = c.req.valid("param");
  return c.json(await viewOne(ctx, id, loadInvoice(ctx, id)), 200);
};

export const finalizeSequenceInvoiceHandler: RouteHandler<typeof finalizeSequenceInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { id } = c.req.valid("param");
  return c.json(await viewOne(ctx, id, finalizeInvoice(ctx, id)), 200);
};

/** The /v1 send without options: Sequence's send takes no body. */
export const sendSequenceInvoiceHandler: RouteHandler<typeof sendSequenceInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const attemptKey = ctx.idempotencyKey ?? c.var.requestId;
  const { id } = c.req.valid("param");
  const sent = sendInvoice(ctx, id, {}, attemptKey).then((result) => result.invoice);
  return c.json(await viewOne(ctx, id, sent), 200);
};

export const voidSequenceInvoiceHandler: RouteHandler<typeof voidSequenceInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { id } = c.req.valid("param");
  return c.json(await viewOne(ctx, id, voidInvoice(ctx, id)), 200);
};
