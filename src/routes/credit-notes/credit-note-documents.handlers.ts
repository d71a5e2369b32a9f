import type { RouteHandler } from "@hono/zod-openapi";
import { NotFoundError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { loadCreditNoteDocument } from "../../services/credit-notes/credit-note-document";
import { sendCreditNote } from "../../services/delivery/send-credit-note";
import { pdfResponse } from "../../services/documents";
import type { creditNotePdfRoute, sendCreditNoteRoute } from "./credit-note-documents.routes";

export const creditNotePdfHandler: RouteHandler<typeof creditNotePdfRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { id } = c.req.valid("param");
  const found = await loadCreditNoteDocument(ctx.db, ctx.baseUrl, ctx.accountId, id);
  if (!found) throw new NotFoundError("credit_note", id);
  return pdfResponse(await ctx.documents.creditNotePdf(found.note, found.invoice, found.state.account, found.state.row.issuedParties)) as never;
};

export const sendCreditNoteHandler: RouteHandler<typeof sendCreditNoteRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const options = (await c.req.text()) ? c.req.valid("json") : {};
  const sent = await sendCreditNote(ctx, c.req.valid("param").id, options ?? {}, ctx.idempotencyKey ?? c.var.requestId);
  return c.json({ ...sent.note, email_details: sent.details }, 200);
};
