/* Bill to, ship to and the invoice's particulars (dates, PO number, reference, period). */
import type { DocumentView } from "../document-view";
import { CONTENT_WIDTH, LEADING, MARGIN_X, PAGE_WIDTH, SIZE } from "../layout";
import { MUTED, type PageCanvas } from "../page-canvas";

const COLUMN_GAP = 16;
const DETAILS_WIDTH = 190;

export function drawParties(canvas: PageCanvas, view: DocumentView): void {
  const addressWidth = (CONTENT_WIDTH - DETAILS_WIDTH - 2 * COLUMN_GAP) / 2;
  const top = canvas.y;
  const bottoms: number[] = [];

  const block = (title: string, lines: string[], x: number) => {
    let y = top - SIZE.label;
    canvas.text(title.toUpperCase(), x, y, { size: SIZE.label, bold: true, color: MUTED });
    y -= LEADING.body + 1;
    lines.forEach((entry, i) => {
      for (const line of canvas.wrap(entry, addressWidth, { bold: i === 0 })) {
        canvas.text(line, x, y, { bold: i === 0 });
        y -= LEADING.body;
      }
    });
    bottoms.push(y);
  };
  block("Bill to", view.billTo, MARGIN_X);
  if (view.shipTo.length > 0) block("Ship to", view.shipTo, MARGIN_X + addressWidth + COLUMN_GAP);

  const right = PAGE_WIDTH - MARGIN_X;
  const labelX = right - DETAILS_WIDTH;
  let y = top - SIZE.label;
  for (const [label, value] of view.details) {
    const lines = canvas.wrap(value, DETAILS_WIDTH - 78);
    canvas.text(label, labelX, y, { size: SIZE.small, color: MUTED });
    for (const line of lines) {
      canvas.text(line, right, y, { align: "right", bold: label === "Due date" });
      y -= LEADING.body;
    }
    y -= 2;
  }
  bottoms.push(y);
  canvas.y = Math.min(...bottoms) - 14;
}
