import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { requireCreditNoteDocument } from "../../services/credit-notes/credit-note-document";
import { sendCreditNote } from "../../services/delivery/send-credit-note";
import { documentResponse } from "../../services/documents";
import type { creditNotePdfRoute, sendCreditNoteRoute } from "./credit-note-documents.routes";

export const creditNotePdfHandler: RouteHandler<typeof creditNotePdfRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const { id } = c.req.valid("param");
  return documentResponse(await ctx.documents.creditNotePdf(await requireCreditNoteDocument(ctx, id))) as never;
};

export const sendCreditNoteHandler: RouteHandler<typeof sendCreditNoteRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const options = (await c.req.text()) ? c.req.valid("json") : {};
  const sent = await sendCreditNote(ctx, c.req.valid("param").id, options ?? {}, ctx.idempotencyKey ?? c.var.requestId);
  return c.json({ ...sent.note, email_details: sent.details }, 200);
};
