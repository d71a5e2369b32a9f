/*
 * How to pay (the pay link, then bank details for the invoice's currency) and the free
 * text: notes, memo, and the tax-status statement the law asks for.
 */
import { PDFHexString, PDFName, PDFNumber } from "pdf-lib";
import type { InvoiceView } from "../invoice-view";
import { CONTENT_WIDTH, LEADING, MARGIN_X, SIZE } from "../layout";
import { MUTED, type PageCanvas } from "../page-canvas";

const METHOD_WIDTH = (CONTENT_WIDTH - 16) / 2;
const LABEL_WIDTH = 78;

export function drawPayment(canvas: PageCanvas, view: InvoiceView): void {
  if (!view.payUrl && view.payment.length === 0) return;
  canvas.ensure(LEADING.body * 3);
  sectionTitle(canvas, "How to pay");

  if (view.payUrl) {
    const lines = canvas.wrap(view.payUrl, CONTENT_WIDTH - 60);
    canvas.ensure(lines.length * LEADING.body);
    canvas.text("Pay online", MARGIN_X, canvas.y, { size: SIZE.small, color: MUTED });
    for (const line of lines) {
      const width = canvas.text(line, MARGIN_X + 60, canvas.y, { color: canvas.accent });
      addLink(canvas, view.payUrl, MARGIN_X + 60, canvas.y - 2, width, SIZE.body + 2);
      canvas.y -= LEADING.body;
    }
    canvas.y -= 6;
  }

  // Two methods side by side per band (e.g. ACH and wire for USD).
  for (let i = 0; i < view.payment.length; i += 2) {
    const band = view.payment.slice(i, i + 2).map((method) => ({
      title: method.title,
      rows: method.rows.map(([label, value]) => [label, canvas.wrap(value, METHOD_WIDTH - LABEL_WIDTH)] as const),
    }));
    const heights = band.map((m) => (1 + m.rows.reduce((n, [, lines]) => n + lines.length, 0)) * LEADING.body);
    canvas.ensure(Math.max(...heights) + 6);
    const top = canvas.y;
    band.forEach((method, column) => {
      const x = MARGIN_X + column * (METHOD_WIDTH + 16);
      let y = top;
      canvas.text(method.title, x, y, { bold: true });
      y -= LEADING.body;
      for (const [label, lines] of method.rows) {
        canvas.text(label, x, y, { size: SIZE.small, color: MUTED });
        for (const line of lines) {
          canvas.text(line, x + LABEL_WIDTH, y);
          y -= LEADING.body;
        }
      }
    });
    canvas.y = top - Math.max(...heights) - 6;
  }
}

export function drawRemarks(canvas: PageCanvas, view: InvoiceView): void {
  const blocks: Array<[string, string]> = [];
  if (view.notes) blocks.push(["Notes", view.notes]);
  if (view.memo) blocks.push(["Memo", view.memo]);
  if (view.taxNote) blocks.push(["Tax", view.taxNote]);
  for (const [title, body] of blocks) {
    canvas.ensure(LEADING.body * 3);
    sectionTitle(canvas, title);
    for (const line of canvas.wrap(body, CONTENT_WIDTH)) {
      canvas.ensure(LEADING.body);
      canvas.text(line, MARGIN_X, canvas.y);
      canvas.y -= LEADING.body;
    }
    canvas.y -= 6;
  }
}

function sectionTitle(canvas: PageCanvas, title: string): void {
  canvas.y -= 6;
  canvas.text(title.toUpperCase(), MARGIN_X, canvas.y, { size: SIZE.section, bold: true, color: canvas.accent });
  canvas.y -= LEADING.body + 2;
}

/**
 * A URI link annotation over the drawn URL. The URI goes in as a hex string of its
 * ASCII href, so no character of it can close a string or start a PDF name.
 */
function addLink(canvas: PageCanvas, url: string, x: number, y: number, width: number, height: number): void {
  const href = new URL(url).href;
  const hex = Array.from(new TextEncoder().encode(href), (b) => b.toString(16).padStart(2, "0")).join("");
  const context = canvas.doc.context;
  const action = context.obj({ Type: "Action", S: "URI" });
  action.set(PDFName.of("URI"), PDFHexString.of(hex));
  const annotation = context.obj({ Type: "Annot", Subtype: "Link", Border: [0, 0, 0] });
  annotation.set(PDFName.of("Rect"), context.obj([x, y, x + width, y + height].map((n) => PDFNumber.of(n))));
  annotation.set(PDFName.of("A"), action);
  canvas.page.node.addAnnot(context.register(annotation));
}
