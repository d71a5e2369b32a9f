/*
 * What every page carries, drawn once all pages exist: the running header of continuation
 * pages, the footer with "Page x of y", and the DRAFT / VOID / PAID stamp.
 */
import { degrees } from "pdf-lib";
import type { DocumentView } from "../document-view";
import { FOOTER_Y, MARGIN_TOP, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, SIZE } from "../layout";
import { MUTED, type PageCanvas } from "../page-canvas";
import { stampColor } from "./header";

export function drawContinuationHeader(canvas: PageCanvas, view: DocumentView): void {
  const y = PAGE_HEIGHT - MARGIN_TOP - 10;
  canvas.text(`${view.documentTitle} (continued)`, MARGIN_X, y, { bold: true });
  canvas.text(view.merchantName, PAGE_WIDTH - MARGIN_X, y, { color: MUTED, align: "right" });
  canvas.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, y - 8);
}

export function drawPageFurniture(canvas: PageCanvas, view: DocumentView): void {
  const total = canvas.pages.length;
  canvas.pages.forEach((page, i) => {
    canvas.text(view.footer, MARGIN_X, FOOTER_Y, { size: SIZE.small, color: MUTED }, page);
    canvas.text(`Page ${i + 1} of ${total}`, PAGE_WIDTH - MARGIN_X, FOOTER_Y, { size: SIZE.small, color: MUTED, align: "right" }, page);
    if (view.stamp) {
      // The stamp is ASCII, so it is always one run in the primary face.
      const [run] = canvas.fonts.runs(view.stamp, true);
      const width = canvas.fonts.width(view.stamp, SIZE.stamp, true);
      // Centred on the page, rotated 30°: offset the start point back along the baseline.
      const angle = Math.PI / 6;
      const x = PAGE_WIDTH / 2 - (Math.cos(angle) * width) / 2;
      const y = PAGE_HEIGHT / 2 - (Math.sin(angle) * width) / 2;
      if (run) page.drawText(run.text, { x, y, size: SIZE.stamp, font: run.font, color: stampColor(view.stamp), opacity: 0.14, rotate: degrees(30) });
    }
  });
}
