/*
 * The line table. Rows keep together when they fit on a fresh page; a description too long
 * for any page is split between lines. After every page break the header band is repeated.
 */
import { rgb } from "pdf-lib";
import type { DocumentView } from "../document-view";
import {
  BODY_BOTTOM,
  COLUMNS,
  CONTINUATION_BODY_TOP,
  DESCRIPTION_WIDTH,
  MARGIN_X,
  PAGE_WIDTH,
  ROW_LINE_HEIGHT,
  ROW_PADDING,
  SINGLE_LINE_ROW_HEIGHT,
  SIZE,
  TABLE_HEADER_HEIGHT,
} from "../layout";
import type { PageCanvas } from "../page-canvas";

const RIGHT = PAGE_WIDTH - MARGIN_X;
const AMOUNT_RIGHT = RIGHT;
const TAX_RIGHT = AMOUNT_RIGHT - COLUMNS.amount - COLUMNS.gap;
const PRICE_RIGHT = TAX_RIGHT - COLUMNS.taxRate - COLUMNS.gap;
const QTY_RIGHT = PRICE_RIGHT - COLUMNS.unitPrice - COLUMNS.gap;
/** Description lines that fit under the header on an otherwise empty page. */
const LINES_PER_FRESH_PAGE = Math.floor((CONTINUATION_BODY_TOP - BODY_BOTTOM - TABLE_HEADER_HEIGHT - ROW_PADDING) / ROW_LINE_HEIGHT);
const ZEBRA = rgb(0.97, 0.975, 0.98);

export function drawLineTable(canvas: PageCanvas, view: DocumentView): void {
  canvas.ensure(TABLE_HEADER_HEIGHT + SINGLE_LINE_ROW_HEIGHT);
  drawTableHeader(canvas);
  canvas.onPageBreak = () => drawTableHeader(canvas);

  view.lines.forEach((line, index) => {
    let lines = canvas.wrap(line.description, DESCRIPTION_WIDTH - 6);
    const height = lines.length * ROW_LINE_HEIGHT + ROW_PADDING;
    if (!canvas.fits(height) && lines.length <= LINES_PER_FRESH_PAGE) canvas.newPage();
    let first = true;
    while (lines.length > 0) {
      const room = Math.floor((canvas.y - BODY_BOTTOM - ROW_PADDING) / ROW_LINE_HEIGHT);
      if (room < 1) {
        canvas.newPage();
        continue;
      }
      const chunk = lines.slice(0, room);
      lines = lines.slice(room);
      drawRow(canvas, chunk, first ? line : null, index % 2 === 1);
      first = false;
    }
  });
  canvas.onPageBreak = null;
  canvas.y -= 6;
}

function drawTableHeader(canvas: PageCanvas): void {
  const top = canvas.y;
  canvas.page.drawRectangle({ x: MARGIN_X, y: top - TABLE_HEADER_HEIGHT, width: RIGHT - MARGIN_X, height: TABLE_HEADER_HEIGHT, color: canvas.accent });
  const baseline = top - 13.5;
  const style = { size: SIZE.label, bold: true, color: rgb(1, 1, 1) } as const;
  canvas.text("DESCRIPTION", MARGIN_X + 6, baseline, style);
  canvas.text("QTY", QTY_RIGHT, baseline, { ...style, align: "right" });
  canvas.text("UNIT PRICE", PRICE_RIGHT, baseline, { ...style, align: "right" });
  canvas.text("TAX", TAX_RIGHT, baseline, { ...style, align: "right" });
  canvas.text("AMOUNT", AMOUNT_RIGHT - 6, baseline, { ...style, align: "right" });
  canvas.y = top - TABLE_HEADER_HEIGHT;
}

function drawRow(canvas: PageCanvas, description: string[], figures: DocumentView["lines"][number] | null, shaded: boolean): void {
  const top = canvas.y;
  const height = description.length * ROW_LINE_HEIGHT + ROW_PADDING;
  if (shaded) canvas.page.drawRectangle({ x: MARGIN_X, y: top - height, width: RIGHT - MARGIN_X, height, color: ZEBRA });
  let baseline = top - ROW_PADDING / 2 - (ROW_LINE_HEIGHT - 3);
  if (figures) {
    canvas.text(figures.quantity, QTY_RIGHT, baseline, { align: "right" });
    canvas.text(figures.unitPrice, PRICE_RIGHT, baseline, { align: "right" });
    canvas.text(figures.taxRate, TAX_RIGHT, baseline, { align: "right" });
    canvas.text(figures.amount, AMOUNT_RIGHT - 6, baseline, { align: "right" });
  }
  for (const line of description) {
    canvas.text(line, MARGIN_X + 6, baseline);
    baseline -= ROW_LINE_HEIGHT;
  }
  canvas.y = top - height;
}
