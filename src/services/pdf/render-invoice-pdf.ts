/*
 * Renders an invoice to PDF bytes. Fonts come from a FontProvider (the Worker's static
 * assets) so the bundle carries none; a Latin-only invoice embeds nothing and uses Helvetica,
 * unless options.embedAllFonts asks for a PDF/A-ready file (Factur-X).
 * A render that cannot load a font its text needs throws FontUnavailableError.
 */
import type { PDFDocument } from "pdf-lib";
import type { FontProvider } from "./font-provider";
import { buildInvoiceView, type RenderInput } from "./invoice-view";
import { type DocumentRender, drawDocumentPdf, type RenderOptions, renderDocumentPdf } from "./render-document";
import { drawLineTable } from "./sections/line-table";
import { drawParties } from "./sections/parties";
import { drawPayment, drawRemarks } from "./sections/payment";
import { drawSummary } from "./sections/summary";

export function renderInvoicePdf(input: RenderInput, fonts: FontProvider, options: RenderOptions = {}): Promise<Uint8Array> {
  return renderDocumentPdf(invoiceRender(input), fonts, options);
}

/** The invoice drawn but not saved, for a caller that adds to the file first (toFacturX). */
export function renderInvoicePdfDocument(input: RenderInput, fonts: FontProvider, options: RenderOptions = {}): Promise<PDFDocument> {
  return drawDocumentPdf(invoiceRender(input), fonts, options);
}

function invoiceRender(input: RenderInput): DocumentRender {
  const view = buildInvoiceView(input);
  return {
    view,
    moreTexts: [...view.payment.flatMap((m) => [m.title, ...m.rows.flat()]), view.payUrl ?? "", view.notes ?? "", view.memo ?? "", view.taxNote ?? ""],
    accentColor: input.account.accent_color,
    logo: input.logo,
    now: input.now ?? new Date(),
    drawBody: (canvas) => {
      drawParties(canvas, view);
      drawLineTable(canvas, view);
      drawSummary(canvas, view);
      drawPayment(canvas, view);
      drawRemarks(canvas, view);
    },
  };
}
