import { Hono } from "hono";
import { findCreditNoteByPdfToken } from "../../db/public-credit-note-queries";
import { findInvoiceByPdfToken } from "../../db/public-invoice-queries";
import { NotFoundError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { loadCreditNoteDocument } from "../../services/credit-notes/credit-note-document";
import { documentResponse } from "../../services/documents";

/**
 * `pdf_url`: the finalized invoice's (or credit note's) PDF for whoever holds the link. The
 * token is 192 random bits, unrelated to the object's id, so the link can be shared but not
 * guessed. A voided document stays served: it was issued, and its number stays in the books.
 */
export const documentRoutes = new Hono<AppEnv>()
  .get("/documents/:file{[0-9A-Za-z]{20,64}\\.pdf}", async (c) => {
    const token = c.req.param("file").replace(/\.pdf$/, "");
    const found = await findInvoiceByPdfToken(c.var.db, token, c.var.services.baseUrl);
    if (!found) throw new NotFoundError("document");
    return publicPdf(documentResponse(await c.var.services.documents.invoicePdf(found.invoice, found.account, found.issuedParties)));
  })
  .get("/documents/credit_notes/:file{[0-9A-Za-z]{20,64}\\.pdf}", async (c) => {
    const token = c.req.param("file").replace(/\.pdf$/, "");
    const { db, services } = c.var;
    const owner = await findCreditNoteByPdfToken(db, token);
    const found = owner ? await loadCreditNoteDocument(db, services.baseUrl, owner.accountId, owner.id) : null;
    if (!found) throw new NotFoundError("document");
    return publicPdf(documentResponse(await services.documents.creditNotePdf(found)));
  });

function publicPdf(response: Response): Response {
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}
