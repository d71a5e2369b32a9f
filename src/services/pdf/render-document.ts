/*
 * Draws a document (an invoice, a credit note) to PDF bytes: metadata, the fonts its text
 * needs, the header, whatever body the document draws, and the page furniture once every
 * page exists. A render that cannot load a font its text needs throws FontUnavailableError.
 */
import { type PDFDocument as PDFDocumentType, type PDFImage, PDFDocument, rgb, type RGB } from "pdf-lib";
import { type DocumentView, documentTexts } from "./document-view";
import type { FontProvider } from "./font-provider";
import { type FontOptions, loadFontSet } from "./font-loader";
import { PageCanvas } from "./page-canvas";
import { drawHeader } from "./sections/header";
import { drawContinuationHeader, drawPageFurniture } from "./sections/page-furniture";

const PRODUCER = "edge-invoicing (pdf-lib)";
const DEFAULT_ACCENT = rgb(0.12, 0.23, 0.54);

export type DocumentRender = {
  view: DocumentView;
  /** Strings the body draws beyond the shared view (payment details, remarks…). */
  moreTexts: string[];
  /** The account's accent colour (#rrggbb); a missing or too light one gives the default. */
  accentColor: string | null;
  /** PNG or JPEG bytes of the merchant's logo. */
  logo?: Uint8Array;
  /** The document's creation date. */
  now: Date;
  /** Everything between the header and the page furniture, in order. */
  drawBody: (canvas: PageCanvas) => void;
};

/** How a document is drawn beyond its content; the defaults give the normal, lightest PDF. */
export type RenderOptions = FontOptions;

export async function renderDocumentPdf(render: DocumentRender, fonts: FontProvider, options: RenderOptions = {}): Promise<Uint8Array> {
  return savePdf(await drawDocumentPdf(render, fonts, options));
}

/**
 * The document drawn, its fonts embedded, not yet saved: for a caller that adds to the file
 * before it is written (Factur-X), which is cheaper than parsing the saved bytes again.
 */
export async function drawDocumentPdf(render: DocumentRender, fonts: FontProvider, options: RenderOptions = {}): Promise<PDFDocumentType> {
  const { view } = render;
  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, view, render.now);

  const fontSet = await loadFontSet(doc, [...documentTexts(view), ...render.moreTexts], fonts, options);
  const canvas = new PageCanvas(doc, fontSet, accentColor(render.accentColor));
  canvas.onContinuationPage = () => drawContinuationHeader(canvas, view);
  canvas.startFirstPage();

  drawHeader(canvas, view, await embedLogo(doc, render.logo));
  render.drawBody(canvas);
  drawPageFurniture(canvas, view);
  await fontSet.embedUsed();
  return doc;
}

function savePdf(doc: PDFDocumentType): Promise<Uint8Array> {
  // objectsPerTick: pdf-lib otherwise yields to the event loop every 50 objects, which only
  // adds wall time in a Worker.
  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false });
}

function setMetadata(doc: PDFDocumentType, view: DocumentView, now: Date): void {
  doc.setTitle(view.documentTitle, { showInWindowTitleBar: true });
  doc.setAuthor(view.merchantName);
  doc.setSubject(view.documentTitle);
  doc.setCreator(PRODUCER);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(now);
  doc.setModificationDate(now);
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
