/* Reading rendered PDFs back with a real parser (pdf.js through unpdf). */
import { PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";

export async function pdfPages(bytes: Uint8Array): Promise<{ pages: string[]; info: Record<string, unknown> }> {
  // pdf.js takes ownership of (and detaches) the buffer it is given.
  const pdf = await getDocumentProxy(bytes.slice());
  const { text } = await extractText(pdf, { mergePages: false });
  const { info } = await pdf.getMetadata();
  return { pages: text, info: info as Record<string, unknown> };
}

/**
 * The whole file as text with every object stream unpacked and every stream decoded
 * (pdf-lib parses it independently of how it was written), so a forbidden name cannot hide
 * inside compression. Font programs are left out: they are binary glyph data, not PDF syntax.
 */
export async function uncompressedPdf(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const parts: string[] = [doc.context.trailerInfo.Info?.toString() ?? ""];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream) {
      parts.push(`${ref} ${object.dict.toString()}`);
      if (isFontProgram(object.dict)) continue;
      parts.push(new TextDecoder("latin1").decode(decodePDFRawStream(object).decode()));
    } else parts.push(`${ref} ${object.toString()}`);
  }
  return parts.join("\n");
}

function isFontProgram(dict: PDFDict): boolean {
  return dict.has(PDFName.of("Length1")) || dict.get(PDFName.of("Subtype"))?.toString() === "/CIDFontType0C" || dict.get(PDFName.of("Subtype"))?.toString() === "/OpenType";
}

/** BaseFont names of every font dictionary, and whether any font program is embedded. */
export async function pdfFonts(bytes: Uint8Array): Promise<{ baseFonts: string[]; embedded: boolean }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const baseFonts: string[] = [];
  let embedded = false;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFRawStream ? object.dict : object instanceof PDFDict ? object : null;
    if (!dict) continue;
    if (dict.get(PDFName.of("Type"))?.toString() === "/Font") baseFonts.push(String(dict.get(PDFName.of("BaseFont"))));
    if (["FontFile", "FontFile2", "FontFile3"].some((k) => dict.has(PDFName.of(k)))) embedded = true;
  }
  return { baseFonts, embedded };
}
