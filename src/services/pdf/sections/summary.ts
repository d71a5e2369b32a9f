/* Tax summary per rate (left) and the totals down to the amount due (right), kept together. */
import type { DocumentView } from "../document-view";
import { LEADING, MARGIN_X, PAGE_WIDTH, SIZE } from "../layout";
import { MUTED, type PageCanvas } from "../page-canvas";

const TOTALS_WIDTH = 220;
const TAX_COLUMNS = { rate: 0, taxable: 150, tax: 230 } as const;

export function drawSummary(canvas: PageCanvas, view: DocumentView): void {
  const taxHeight = view.taxSummary.length > 0 ? (view.taxSummary.length + 1) * LEADING.body + 14 : 0;
  const totalsHeight = view.totals.reduce((h, t) => h + (t.strong ? LEADING.body + 6 : LEADING.body + 2), 0) + 8;
  canvas.ensure(Math.max(taxHeight, totalsHeight) + 8);
  const top = canvas.y - 8;

  if (view.taxSummary.length > 0) {
    let y = top - SIZE.label;
    const x = MARGIN_X;
    const label = { size: SIZE.label, bold: true, color: MUTED } as const;
    canvas.text("TAX RATE", x + TAX_COLUMNS.rate, y, label);
    canvas.text("TAXABLE", x + TAX_COLUMNS.taxable, y, { ...label, align: "right" });
    canvas.text("TAX", x + TAX_COLUMNS.tax, y, { ...label, align: "right" });
    y -= LEADING.body + 2;
    for (const [rate, taxable, tax] of view.taxSummary) {
      canvas.text(rate, x + TAX_COLUMNS.rate, y, { size: SIZE.small });
      canvas.text(taxable, x + TAX_COLUMNS.taxable, y, { size: SIZE.small, align: "right" });
      canvas.text(tax, x + TAX_COLUMNS.tax, y, { size: SIZE.small, align: "right" });
      y -= LEADING.body;
    }
  }

  const right = PAGE_WIDTH - MARGIN_X;
  const left = right - TOTALS_WIDTH;
  let y = top - SIZE.body;
  for (const row of view.totals) {
    if (row.strong) {
      canvas.rule(left, right, y + LEADING.body - 2);
      y -= 3;
    }
    canvas.text(row.label, left, y, { bold: row.strong, color: row.strong ? undefined : MUTED });
    canvas.text(row.value, right - 6, y, { bold: row.strong, align: "right", size: row.strong ? 10 : SIZE.body });
    y -= row.strong ? LEADING.body + 3 : LEADING.body + 2;
  }
  canvas.y = Math.min(y, top - taxHeight) - 10;
}
