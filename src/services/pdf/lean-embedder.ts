/*
 * Two adjustments to pdf-lib's subset embedder, made on each instance for our font chunks
 * only, which together halve what a Unicode document costs over a Latin one:
 *
 * - encodeText maps each character through the cmap instead of running fontkit's layout.
 *   The chunks carry no GSUB/GPOS and the renderer asks for no shaping (NFC text, one glyph
 *   per character), so layout would return exactly these glyphs, at several times the cost.
 * - The font program and its ToUnicode map are stored, not deflated. pako allocates ~300 KB
 *   of state per stream; two streams per embedded chunk made deflate and the garbage it
 *   leaves most of a render's CPU, to save a few KB on subsets of a few dozen glyphs.
 */
import { type CustomFontSubsetEmbedder, PDFHexString, type PDFRef, toHexStringOfMinLength } from "pdf-lib";
// Not re-exported by the package index; the same module pdf-lib's own embedder uses.
import { createCmap } from "pdf-lib/es/core/embedders/CMap";

type Glyph = { id: number };
type Context = { stream(contents: Uint8Array | string, dict?: Record<string, unknown>): unknown; register(object: unknown): PDFRef };
type Internals = {
  font: { glyphForCodePoint(cp: number): Glyph };
  subset: { includeGlyph(glyph: Glyph): number };
  glyphs: Glyph[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void; access(): Glyph[] };
  glyphId(glyph: Glyph | undefined): number;
  serializeFont(): Promise<Uint8Array>;
  isCFF(): boolean;
  encodeText(text: string): PDFHexString;
  embedFontStream(context: Context): Promise<PDFRef>;
  embedUnicodeCmap(context: Context): PDFRef;
};

export function leanEmbedder(embedder: CustomFontSubsetEmbedder): void {
  const e = embedder as unknown as Internals;
  if (typeof e.subset?.includeGlyph !== "function" || !(e.glyphIdMap instanceof Map)) return;
  const glyphOf = glyphLookup(e.font);
  e.encodeText = (text) => {
    let hex = "";
    for (const ch of text) {
      const glyph = glyphOf(ch.codePointAt(0)!);
      const id = e.subset.includeGlyph(glyph);
      e.glyphs[id - 1] = glyph;
      e.glyphIdMap.set(glyph.id, id);
      hex += toHexStringOfMinLength(id, 4);
    }
    e.glyphCache.invalidate();
    return PDFHexString.of(hex);
  };
  e.embedFontStream = async (context) => {
    const program = await e.serializeFont();
    return context.register(context.stream(program, { Length1: program.length, ...(e.isCFF() ? { Subtype: "CIDFontType0C" } : {}) }));
  };
  e.embedUnicodeCmap = (context) => context.register(context.stream(createCmap(e.glyphCache.access() as never, (g) => e.glyphId(g as Glyph | undefined))));
}

const LOOKUPS = new WeakMap<object, (cp: number) => Glyph>();

/** The font's glyph for a code point, remembered for the parsed font's life (the cmap lookup is not free). */
function glyphLookup(font: { glyphForCodePoint(cp: number): Glyph }): (cp: number) => Glyph {
  let lookup = LOOKUPS.get(font);
  if (!lookup) {
    const glyphs = new Map<number, Glyph>();
    lookup = (cp) => {
      let glyph = glyphs.get(cp);
      if (!glyph) {
        glyph = font.glyphForCodePoint(cp);
        glyphs.set(cp, glyph);
      }
      return glyph;
    };
    LOOKUPS.set(font, lookup);
  }
  return lookup;
}
