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
  const programs = new Set<PDFRawStream>();
  for (const [, object] of doc.context.enumerateIndirectObjects())
    if (object instanceof PDFDict)
      for (const key of ["FontFile", "FontFile2", "FontFile3"]) {
        const stream = object.has(PDFName.of(key)) ? doc.context.lookup(object.get(PDFName.of(key))) : undefined;
        if (stream instanceof PDFRawStream) programs.add(stream);
      }
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream) {
      parts.push(`${ref} ${object.dict.toString()}`);
      if (isFontProgram(object.dict, programs, object)) continue;
      parts.push(new TextDecoder("latin1").decode(decodePDFRawStream(object).decode()));
    } else parts.push(`${ref} ${object.toString()}`);
  }
  return parts.join("\n");
}

function isFontProgram(dict: PDFDict, programs: Set<PDFRawStream>, stream: PDFRawStream): boolean {
  return programs.has(stream) || dict.has(PDFName.of("Length1"));
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

/** The decoded TrueType programs (FontFile2) embedded in the file. */
export async function embeddedFontPrograms(bytes: Uint8Array): Promise<Uint8Array[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const programs: Uint8Array[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || !object.has(PDFName.of("FontFile2"))) continue;
    const stream = doc.context.lookup(object.get(PDFName.of("FontFile2")));
    if (stream instanceof PDFRawStream) programs.push(decodePDFRawStream(stream).decode());
  }
  return programs;
}
