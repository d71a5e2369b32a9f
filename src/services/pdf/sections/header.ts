/* First-page header: logo and merchant block on the left, title and number on the right. */
import { type PDFImage, type RGB, rgb } from "pdf-lib";
import type { DocumentView } from "../document-view";
import { CONTENT_WIDTH, LEADING, MARGIN_X, PAGE_WIDTH, SIZE } from "../layout";
import { MUTED, type PageCanvas } from "../page-canvas";

const LOGO_BOX = { width: 140, height: 48 };
const LEFT_WIDTH = CONTENT_WIDTH * 0.58;

export function drawHeader(canvas: PageCanvas, view: DocumentView, logo: PDFImage | null): void {
  const top = canvas.y;
  const right = PAGE_WIDTH - MARGIN_X;

  let left = top;
  if (logo) {
    const scale = Math.min(LOGO_BOX.width / logo.width, LOGO_BOX.height / logo.height, 1);
    const height = logo.height * scale;
    canvas.page.drawImage(logo, { x: MARGIN_X, y: left - height, width: logo.width * scale, height });
    left -= height + 12;
  }
  left -= SIZE.merchant;
  for (const line of canvas.wrap(view.merchantName, LEFT_WIDTH, { size: SIZE.merchant, bold: true })) {
    canvas.text(line, MARGIN_X, left, { size: SIZE.merchant, bold: true });
    left -= SIZE.merchant + 3;
  }
  left -= 2;
  for (const entry of view.merchantLines)
    for (const line of canvas.wrap(entry, LEFT_WIDTH, { size: SIZE.small })) {
      canvas.text(line, MARGIN_X, left, { size: SIZE.small, color: MUTED });
      left -= LEADING.small;
    }

  let rightY = top - SIZE.heading;
  canvas.text(view.heading, right, rightY, { size: SIZE.heading, bold: true, color: canvas.accent, align: "right" });
  rightY -= 18;
  canvas.text(view.number ?? "Draft", right, rightY, { size: 11, bold: true, align: "right" });
  if (view.stamp) {
    rightY -= 16;
    canvas.text(view.stamp, right, rightY, { size: 11, bold: true, color: stampColor(view.stamp), align: "right" });
  }

  canvas.y = Math.min(left, rightY) - 18;
  canvas.rule(MARGIN_X, right, canvas.y + 8);
}

export function stampColor(stamp: NonNullable<DocumentView["stamp"]>): RGB {
  if (stamp === "PAID") return rgb(0.09, 0.5, 0.24);
  if (stamp === "VOID") return rgb(0.75, 0.1, 0.1);
  return rgb(0.45, 0.45, 0.5);
}
