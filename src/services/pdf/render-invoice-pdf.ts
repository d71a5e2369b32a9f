/*
 * Renders an invoice to PDF bytes. Fonts come from a FontProvider (the Worker's static
 * assets) so the bundle carries none; a Latin-only invoice embeds nothing and uses Helvetica.
 * A render that cannot load a font its text needs throws FontUnavailableError.
 */
import type { FontProvider } from "./font-provider";
import { buildInvoiceView, type RenderInput } from "./invoice-view";
import { renderDocumentPdf } from "./render-document";
import { drawLineTable } from "./sections/line-table";
import { drawParties } from "./sections/parties";
import { drawPayment, drawRemarks } from "./sections/payment";
import { drawSummary } from "./sections/summary";

export async function renderInvoicePdf(input: RenderInput, fonts: FontProvider): Promise<Uint8Array> {
  const view = buildInvoiceView(input);
  return renderDocumentPdf(
    {
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
    },
    fonts,
  );
}
