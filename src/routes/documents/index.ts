import { Hono } from "hono";
import { findInvoiceByPdfToken } from "../../db/public-invoice-queries";
import { NotFoundError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { pdfResponse } from "../../services/documents";

/**
 * `pdf_url`: the finalized invoice's PDF for whoever holds the link. The token is 192
 * random bits, unrelated to the invoice id, so the link can be shared but not guessed.
 */
export const documentRoutes = new Hono<AppEnv>().get("/documents/:file{[0-9A-Za-z]{20,64}\\.pdf}", async (c) => {
  const token = c.req.param("file").replace(/\.pdf$/, "");
  const found = await findInvoiceByPdfToken(c.var.db, token, c.var.services.baseUrl);
  if (!found) throw new NotFoundError("document");
  const response = pdfResponse(await c.var.services.documents.invoicePdf(found.invoice, found.account));
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
});
