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

export function drawPayment(canvas: PageCanvas, view: Pick<InvoiceView, "payUrl" | "payment">): void {
  if (!view.payUrl && view.payment.length === 0) return;
  const linkLines = view.payUrl ? canvas.wrap(view.payUrl, CONTENT_WIDTH - 60) : [];
  // Two methods side by side per band (e.g. ACH and wire for USD).
  const bands: Array<{ methods: Array<{ title: string; rows: Array<readonly [string, string[]]> }>; height: number }> = [];
  for (let i = 0; i < view.payment.length; i += 2) {
    const methods = view.payment.slice(i, i + 2).map((method) => ({
      title: method.title,
      rows: method.rows.map(([label, value]) => [label, canvas.wrap(value, METHOD_WIDTH - LABEL_WIDTH)] as const),
    }));
    const height = Math.max(...methods.map((m) => (1 + m.rows.reduce((n, [, lines]) => n + lines.length, 0)) * LEADING.body)) + 6;
    bands.push({ methods, height });
  }
  // Keep the heading with the link and the first band of bank details.
  const linkHeight = linkLines.length > 0 ? linkLines.length * LEADING.body + 6 : 0;
  canvas.ensure(SECTION_TITLE_HEIGHT + linkHeight + (bands[0]?.height ?? 0));
  sectionTitle(canvas, "How to pay");

  if (view.payUrl) {
    canvas.text("Pay online", MARGIN_X, canvas.y, { size: SIZE.small, color: MUTED });
    for (const line of linkLines) {
      const width = canvas.text(line, MARGIN_X + 60, canvas.y, { color: canvas.accent });
      addLink(canvas, view.payUrl, MARGIN_X + 60, canvas.y - 2, width, SIZE.body + 2);
      canvas.y -= LEADING.body;
    }
    canvas.y -= 6;
  }

  for (const band of bands) {
    canvas.ensure(band.height);
    const top = canvas.y;
    band.methods.forEach((method, column) => {
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
    canvas.y = top - band.height;
  }
}

export function drawRemarks(canvas: PageCanvas, view: Pick<InvoiceView, "notes" | "memo" | "taxNote">): void {
  const blocks: Array<[string, string]> = [];
  if (view.notes) blocks.push(["Notes", view.notes]);
  if (view.memo) blocks.push(["Memo", view.memo]);
  if (view.taxNote) blocks.push(["Tax", view.taxNote]);
  for (const [title, body] of blocks) {
    canvas.ensure(SECTION_TITLE_HEIGHT + 2 * LEADING.body);
    sectionTitle(canvas, title);
    for (const line of canvas.wrap(body, CONTENT_WIDTH)) {
      canvas.ensure(LEADING.body);
      canvas.text(line, MARGIN_X, canvas.y);
      canvas.y -= LEADING.body;
    }
    canvas.y -= 6;
  }
}

const SECTION_TITLE_HEIGHT = 6 + LEADING.body + 2;

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
