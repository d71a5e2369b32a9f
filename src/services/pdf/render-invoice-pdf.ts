/*
 * Renders an invoice to PDF bytes. Fonts come from a FontProvider (the Worker's static
 * assets) so the bundle carries none; a Latin-only invoice embeds nothing and uses Helvetica.
 * A render that cannot load a font its text needs throws FontUnavailableError.
 */
import { type PDFDocument as PDFDocumentType, type PDFImage, PDFDocument, rgb, type RGB } from "pdf-lib";
import type { FontProvider } from "./font-provider";
import { loadFontSet } from "./font-loader";
import { buildInvoiceView, type InvoiceView, type RenderInput } from "./invoice-view";
import { PageCanvas } from "./page-canvas";
import { drawHeader } from "./sections/header";
import { drawLineTable } from "./sections/line-table";
import { drawContinuationHeader, drawPageFurniture } from "./sections/page-furniture";
import { drawParties } from "./sections/parties";
import { drawPayment, drawRemarks } from "./sections/payment";
import { drawSummary } from "./sections/summary";

const PRODUCER = "edge-invoicing (pdf-lib)";
const DEFAULT_ACCENT = rgb(0.12, 0.23, 0.54);

export async function renderInvoicePdf(input: RenderInput, fonts: FontProvider): Promise<Uint8Array> {
  const view = buildInvoiceView(input);
  const now = input.now ?? new Date();
  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, view, now);

  const fontSet = await loadFontSet(doc, viewTexts(view), fonts);
  const canvas = new PageCanvas(doc, fontSet, accentColor(input.account.accent_color));
  canvas.onContinuationPage = () => drawContinuationHeader(canvas, view);
  canvas.startFirstPage();

  drawHeader(canvas, view, await embedLogo(doc, input.logo));
  drawParties(canvas, view);
  drawLineTable(canvas, view);
  drawSummary(canvas, view);
  drawPayment(canvas, view);
  drawRemarks(canvas, view);
  drawPageFurniture(canvas, view);
  await fontSet.embedUsed();

  // objectsPerTick: pdf-lib otherwise yields to the event loop every 50 objects, which only
  // adds wall time in a Worker.
  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false });
}

function setMetadata(doc: PDFDocumentType, view: InvoiceView, now: Date): void {
  doc.setTitle(view.documentTitle, { showInWindowTitleBar: true });
  doc.setAuthor(view.merchantName);
  doc.setSubject(view.documentTitle);
  doc.setCreator(PRODUCER);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(now);
  doc.setModificationDate(now);
}

/** Every string the document may draw, so the font loader knows which scripts occur. */
function viewTexts(view: InvoiceView): string[] {
  return [
    view.documentTitle,
    view.merchantName,
    view.footer,
    ...view.merchantLines,
    ...view.billTo,
    ...view.shipTo,
    ...view.details.flat(),
    ...view.lines.flatMap((l) => [l.description, l.quantity, l.unitPrice, l.taxRate, l.amount]),
    ...view.taxSummary.flat(),
    ...view.totals.flatMap((t) => [t.label, t.value]),
    ...view.payment.flatMap((m) => [m.title, ...m.rows.flat()]),
    view.payUrl ?? "",
    view.notes ?? "",
    view.memo ?? "",
    view.taxNote ?? "",
  ];
}

function accentColor(hex: string | null): RGB {
  const match = hex ? /^#?([0-9a-f]{6})$/i.exec(hex.trim()) : null;
  if (!match) return DEFAULT_ACCENT;
  const value = Number.parseInt(match[1]!, 16);
  const [r, g, b] = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  // A very light accent would make the white table header unreadable.
  if (0.299 * r + 0.587 * g + 0.114 * b > 180) return DEFAULT_ACCENT;
  return rgb(r / 255, g / 255, b / 255);
}

/** PNG or JPEG by magic bytes; anything else, or a broken image, is left out. */
async function embedLogo(doc: PDFDocumentType, bytes: Uint8Array | undefined): Promise<PDFImage | null> {
  if (!bytes || bytes.length < 4) return null;
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return await doc.embedPng(bytes);
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return await doc.embedJpg(bytes);
  } catch (error) {
    console.warn("pdf: logo could not be embedded", error);
  }
  return null;
}
