/*
 * Renders a credit note to PDF bytes with the invoice's layout, sections and fonts: the
 * same header, parties, line table and summary, with the sentence naming the invoice it
 * corrects under the parties. Throws FontUnavailableError like an invoice render.
 */
import { buildCreditNoteView, type CreditNoteRenderInput } from "./credit-note-view";
import type { FontProvider } from "./font-provider";
import { type RenderOptions, renderDocumentPdf } from "./render-document";
import { drawCorrection } from "./sections/correction";
import { drawLineTable } from "./sections/line-table";
import { drawParties } from "./sections/parties";
import { drawRemarks } from "./sections/payment";
import { drawSummary } from "./sections/summary";

export async function renderCreditNotePdf(input: CreditNoteRenderInput, fonts: FontProvider, options: RenderOptions = {}): Promise<Uint8Array> {
  const view = buildCreditNoteView(input);
  return renderDocumentPdf(
    {
      view,
      moreTexts: [view.correction, view.memo ?? "", view.taxNote ?? ""],
      accentColor: input.account.accent_color,
      logo: input.logo,
      now: input.now ?? new Date(),
      drawBody: (canvas) => {
        drawParties(canvas, view);
        drawCorrection(canvas, view.correction);
        drawLineTable(canvas, view);
        drawSummary(canvas, view);
        drawRemarks(canvas, { notes: null, memo: view.memo, taxNote: view.taxNote });
      },
    },
    fonts,
    options,
  );
}
