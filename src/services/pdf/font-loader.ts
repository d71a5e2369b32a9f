/*
 * Loads the font chunks a document's text needs and embeds them. The cost follows the
 * glyphs used: each chunk is a 16-60 KB TrueType file holding one Unicode range, parsed
 * once per isolate and reused by every later render. Failing to load any chunk the text needs
 * fails the render (FontUnavailableError, retryable): a PDF with "?" for a customer's name
 * must never become the stored document.
 */
import { CustomFontEmbedder, type PDFDocument, PDFFont, StandardFonts } from "pdf-lib";
import { chunkFor, firstChunk, type FamilyName, type FontChunk } from "./font-chunks";
import { FontUnavailableError, type FontProvider } from "./font-provider";
import { type Face, type Family, FontSet, facesNeeded } from "./font-set";
import { leanEmbedder } from "./lean-embedder";
import { isWinAnsi, scriptClassOf, type ScriptClass } from "./text-scripts";

const SCRIPT_OF: Record<FamilyName, ScriptClass> = { sans: "latin", hebrew: "hebrew", cjk: "cjk" };
const FAMILY_OF: Record<ScriptClass, FamilyName> = { latin: "sans", hebrew: "hebrew", cjk: "cjk" };
const FAMILY_ORDER: FamilyName[] = ["sans", "hebrew", "cjk"];

/** embedAllFonts: no standard font at all, Latin included (PDF/A requires every font embedded). */
export type FontOptions = { embedAllFonts?: boolean };

/**
 * The chunks that draw the texts: the primary (Noto Sans' first chunk, or null for
 * Helvetica) and the rest in family order. A character goes to its script's family first,
 * then to any family that covers it; one that no family covers needs nothing (the FontSet
 * substitutes or marks it).
 */
export function chunksNeeded(texts: string[], { embedAllFonts = false }: FontOptions = {}): { primary: FontChunk | null; others: FontChunk[] } {
  const need = facesNeeded(texts);
  const sans = need.sans || embedAllFonts;
  const chosen = new Map<string, FontChunk>();
  const seen = new Set<number>();
  for (const text of texts)
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (seen.has(cp)) continue;
      seen.add(cp);
      const script = scriptClassOf(cp);
      // With Helvetica as the primary, Latin is all WinAnsi or substituted: nothing to embed.
      if (script === "latin" && !sans) continue;
      const preferred = FAMILY_OF[script];
      for (const family of [preferred, ...FAMILY_ORDER.filter((f) => f !== preferred)]) {
        const chunk = chunkFor(family, cp);
        if (chunk) {
          chosen.set(chunk.regular, chunk);
          break;
        }
      }
    }
  // An RTL phrase is laid out as one run only if its face also draws the spaces inside it.
  const hebrewSpace = chunkFor("hebrew", 0x20);
  if (hebrewSpace && [...chosen.values()].some((c) => c.family === "hebrew")) chosen.set(hebrewSpace.regular, hebrewSpace);

  const primary = sans ? firstChunk("sans") : null;
  if (primary) chosen.delete(primary.regular);
  const others = [...chosen.values()].sort((a, b) => FAMILY_ORDER.indexOf(a.family) - FAMILY_ORDER.indexOf(b.family) || a.index - b.index);
  return { primary, others };
}

/** Loads and embeds the chunks the texts need; throws FontUnavailableError if any cannot be had. */
export async function loadFontSet(doc: PDFDocument, texts: Iterable<string>, provider: FontProvider, options: FontOptions = {}): Promise<FontSet> {
  const { primary, others } = chunksNeeded([...texts], options);
  const chunks = primary ? [primary, ...others] : others;
  const created: PDFFont[] = [];
  const families = await Promise.all(chunks.map((chunk) => loadFamily(doc, chunk, provider, created)));
  // Only the faces something was drawn with are written into the file (see lazyFace).
  const embedUsed = async () => {
    for (const font of created) await font.embed();
  };
  // PDF/A-2/3 (6.2.11.8) forbid drawing the .notdef glyph, so an all-embedded set marks a
  // character no face has with "?" instead (the e-invoice's XML still carries the text).
  return new FontSet(primary ? families : [await helvetica(doc), ...families], embedUsed, { markMissing: options.embedAllFonts === true });
}

async function loadFamily(doc: PDFDocument, chunk: FontChunk, provider: FontProvider, created: PDFFont[]): Promise<Family> {
  const sameCut = chunk.bold === chunk.regular;
  const [regularBytes, boldBytes] = await Promise.all([provider.load(chunk.regular), sameCut ? null : provider.load(chunk.bold)]);
  const rightToLeft = chunk.family === "hebrew";
  const regular = await lazyFace(doc, regularBytes, chunk.regular, rightToLeft, created);
  const bold = boldBytes ? await lazyFace(doc, boldBytes, chunk.bold, rightToLeft, created) : regular;
  return { regular, bold, script: SCRIPT_OF[chunk.family], embedded: true };
}

/**
 * pdf-lib keeps only the glyph ids of fontkit's layout and drops GPOS positions, and none of
 * the scripts we ship needs shaping (text is NFC-normalized, so accents are precomposed
 * glyphs; the chunks carry no GSUB/GPOS), so features are off: one glyph per character,
 * exactly the widths measureByAdvances computes.
 */
const NO_SHAPING: Record<string, boolean> = Object.fromEntries(
  ["ccmp", "locl", "rlig", "mark", "mkmk", "calt", "clig", "liga", "rclt", "curs", "kern", "dist", "abvm", "blwm"].map((tag) => [tag, false]),
);

/**
 * A face whose PDF font is created on first use. Every embedded font costs a deflated font
 * program and ToUnicode map at save time, most of a render's CPU; a bold cut that only
 * measured nothing, or drew nothing, should cost nothing. pdf-lib's embedFont would register
 * the font for saving at once, so the embedder is built here and the font made with
 * PDFFont.of, then embedded by FontSet.embedUsed() before the document is saved.
 */
async function lazyFace(doc: PDFDocument, bytes: Uint8Array, chunk: string, rightToLeft: boolean, created: PDFFont[]): Promise<Face> {
  try {
    // Whole, not subset: a chunk is already small, and what it adds to a file is the same
    // every time (lean-embedder.ts prepares it once per isolate).
    const embedder = await CustomFontEmbedder.for(await cachingFontkit(), bytes, undefined, NO_SHAPING);
    const parsed = embedder.font as unknown as GlyphCoverage;
    leanEmbedder(embedder);
    let font: PDFFont | undefined;
    return {
      get font() {
        if (!font) {
          font = PDFFont.of(doc.context.nextRef(), doc, embedder);
          created.push(font);
        }
        return font;
      },
      has: (cp) => parsed.hasGlyphForCodePoint(cp),
      widthOf: measureByAdvances(parsed),
      rightToLeft,
    };
  } catch (error) {
    throw new FontUnavailableError(chunk, error);
  }
}

async function helvetica(doc: PDFDocument): Promise<Family> {
  const has = (cp: number) => isWinAnsi(cp);
  const [regular, bold] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold)]);
  const face = (font: PDFFont): Face => ({ font, has, widthOf: (text, size) => font.widthOfTextAtSize(text, size) });
  return { regular: face(regular), bold: face(bold), script: "latin", embedded: false };
}

type GlyphCoverage = {
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { advanceWidth: number };
  unitsPerEm: number;
};
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

let fontkitOnce: Promise<Fontkit> | undefined;

/**
 * fontkit behind a cache of parsed fonts keyed by the byte array, so a chunk is parsed once
 * per isolate (the provider hands out the same bytes every time). Reuse is safe: embedding
 * only reads the parsed tables. fontkit itself is the
 * largest module in the bundle and builds tables when evaluated; a Latin-only invoice never
 * needs it, so it is imported on first use.
 */
function cachingFontkit(): Promise<Fontkit> {
  fontkitOnce ??= import("@pdf-lib/fontkit").then(({ default: fontkit }) => {
    const parsed = new WeakMap<Uint8Array, ReturnType<Fontkit["create"]>>();
    return {
      create(bytes: Uint8Array, postscriptName?: string) {
        let font = parsed.get(bytes);
        if (!font) {
          font = fontkit.create(bytes, postscriptName);
          parsed.set(bytes, font);
        }
        return font;
      },
    } as Fontkit;
  });
  return fontkitOnce;
}

const MEASURES = new WeakMap<GlyphCoverage, (text: string, size: number) => number>();

/**
 * Width as the sum of each character's glyph advance, which with NO_SHAPING is what gets
 * drawn (pdf-lib's widthOfTextAtSize would run fontkit's layout on every call). Kept per
 * parsed font, so the advances learnt by one render serve the next.
 */
function measureByAdvances(font: GlyphCoverage): (text: string, size: number) => number {
  const known = MEASURES.get(font);
  if (known) return known;
  const advances = new Map<number, number>();
  const scale = 1 / font.unitsPerEm;
  const measure = (text: string, size: number) => {
    let units = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let advance = advances.get(cp);
      if (advance === undefined) {
        advance = font.glyphForCodePoint(cp).advanceWidth;
        advances.set(cp, advance);
      }
      units += advance;
    }
    return units * scale * size;
  };
  MEASURES.set(font, measure);
  return measure;
}
