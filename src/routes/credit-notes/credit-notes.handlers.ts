import type { RouteHandler } from "@hono/zod-openapi";
import { type CreditNote, findCreditNote, invoiceNumbers, listCreditNotes, toCreditNote } from "../../db/credit-note-queries";
import { invoiceExists } from "../../db/invoice-queries";
import { NotFoundError } from "../../domain/errors";
import type { Invoice } from "../../domain/types";
import type { AppEnv } from "../../env";
import { invalidRequest } from "../../errors";
import { issueCreditNote, previewCreditNote } from "../../services/credit-notes/issue-credit-note";
import { voidCreditNote } from "../../services/credit-notes/void-credit-note";
import type { InvoiceContext } from "../../services/invoices/context";
import type {
  createCreditNoteRoute,
  getCreditNoteRoute,
  listCreditNotesRoute,
  listInvoiceCreditNotesRoute,
  previewCreditNoteRoute,
  voidCreditNoteRoute,
} from "./credit-notes.routes";

const present = ({ note, invoice }: { note: CreditNote; invoice: Invoice }) => ({ ...note, invoice });

export const createCreditNoteHandler: RouteHandler<typeof createCreditNoteRoute, AppEnv> = async (c) =>
  c.json(present(await issueCreditNote(c.var.ctx, c.req.valid("json"))), 201);

export const previewCreditNoteHandler: RouteHandler<typeof previewCreditNoteRoute, AppEnv> = async (c) =>
  c.json(await previewCreditNote(c.var.ctx, c.req.valid("json")), 200);

export const getCreditNoteHandler: RouteHandler<typeof getCreditNoteRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { id } = c.req.valid("param");
  const found = await findCreditNote(ctx.db, ctx.accountId, id);
  if (!found) throw new NotFoundError("credit_note", id);
  const numbers = await invoiceNumbers(ctx.db, ctx.accountId, [found.row.invoiceId]);
  return c.json(toCreditNote(found.row, found.lines, numbers.get(found.row.invoiceId) ?? null, ctx.baseUrl), 200);
};

async function page(ctx: InvoiceContext, filter: Parameters<typeof listCreditNotes>[2], url: string) {
  const found = await listCreditNotes(ctx.db, ctx.accountId, filter);
  if (!found) throw invalidRequest(filter.starting_after ? "starting_after" : "ending_before", "No such credit note to page from.");
  const numbers = await invoiceNumbers(
    ctx.db,
    ctx.accountId,
    found.data.map((n) => n.row.invoiceId),
  );
  const data = found.data.map((n) => toCreditNote(n.row, n.lines, numbers.get(n.row.invoiceId) ?? null, ctx.baseUrl));
  return { object: "list" as const, data, has_more: found.has_more, url };
}

export const listCreditNotesHandler: RouteHandler<typeof listCreditNotesRoute, AppEnv> = async (c) =>
  c.json(await page(c.var.ctx, c.req.valid("query"), "/v1/credit_notes"), 200);

export const listInvoiceCreditNotesHandler: RouteHandler<typeof listInvoiceCreditNotesRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { id } = c.req.valid("param");
  if (!(await invoiceExists(ctx.db, ctx.accountId, id))) throw new NotFoundError("invoice", id);
  return c.json(await page(ctx, { limit: 100, invoice_id: id }, `/v1/invoices/${id}/credit_notes`), 200);
};

export const voidCreditNoteHandler: RouteHandler<typeof voidCreditNoteRoute, AppEnv> = async (c) =>
  c.json(present(await voidCreditNote(c.var.ctx, c.req.valid("param").id)), 200);
