import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { getAccount } from "../../db/account-queries";
import { findInvoice } from "../../db/invoice-queries";
import { invoices } from "../../db/schema";
import type { AppEnv } from "../../env";
import { notFound } from "../../errors";
import { invoicePdf, pdfResponse } from "../../services/documents";
import { publicBaseUrl } from "../../services/invoices/context";

/**
 * `pdf_url`: the finalized invoice's PDF for whoever holds the link. The token is 192
 * random bits, unrelated to the invoice id, so the link can be shared but not guessed.
 */
export const documentRoutes = new Hono<AppEnv>().get("/documents/:file{[0-9A-Za-z]{20,64}\\.pdf}", async (c) => {
  const token = c.req.param("file").replace(/\.pdf$/, "");
  const db = c.get("db");
  const row = await db.query.invoices.findFirst({ where: eq(invoices.pdfToken, token), columns: { id: true, accountId: true } });
  const invoice = row && (await findInvoice(db, row.accountId, row.id, publicBaseUrl(c.env, c.req.url)));
  if (!row || !invoice) throw notFound("document");
  const response = pdfResponse(await invoicePdf(c.env.DOCUMENTS, invoice, await getAccount(db, row.accountId)));
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
});
