/*
 * How a font chunk goes into a PDF. A chunk is already a small font (16-60 KB, one Unicode
 * range, cut by hb-subset at build time), so it is embedded whole instead of being subset
 * again per document: fontkit's subsetter (serializing glyf/loca/hmtx through restructure)
 * and deflating the result were most of a Unicode render's CPU. Everything a chunk puts into
 * a file is the same in every document, so it is prepared once per isolate and reused:
 * the deflated program, the deflated ToUnicode map (every glyph of the chunk, so text
 * extraction stays exact) and the widths array.
 *
 * Done by replacing four methods on each pdf-lib CustomFontEmbedder made for a chunk:
 * - encodeText maps characters through the cmap instead of running fontkit's layout. The
 *   chunks carry no GSUB/GPOS and the renderer asks for no shaping (NFC text, one glyph per
 *   character), so layout would return exactly these glyphs, at several times the cost.
 * - embedFontStream, embedUnicodeCmap and computeWidths hand out the prepared parts.
 */
import { type CustomFontEmbedder, PDFHexString, type PDFRef, toHexStringOfMinLength } from "pdf-lib";
// Not re-exported by the package index; the same module pdf-lib's own embedder uses.
import { createCmap } from "pdf-lib/es/core/embedders/CMap";

type Glyph = { id: number };
type Context = {
  stream(contents: Uint8Array | string, dict?: Record<string, unknown>): unknown;
  flateStream(contents: Uint8Array | string): { contents: Uint8Array };
  register(object: unknown): PDFRef;
};
type Internals = {
  font: { glyphForCodePoint(cp: number): Glyph; characterSet: number[] };
  fontData: Uint8Array;
  glyphId(glyph: Glyph | undefined): number;
  computeWidths(): unknown[];
  encodeText(text: string): PDFHexString;
  embedFontStream(context: Context): Promise<PDFRef>;
  embedUnicodeCmap(context: Context): PDFRef;
};
type Prepared = { program: Uint8Array; cmap: Uint8Array; widths: unknown[] };

const PREPARED = new WeakMap<object, Prepared>();

export function leanEmbedder(embedder: CustomFontEmbedder): void {
  const e = embedder as unknown as Internals;
  const glyphOf = glyphLookup(e.font);
  const computeWidths = e.computeWidths.bind(e);
  const prepared = (context: Context): Prepared => {
    let parts = PREPARED.get(e.font);
    if (!parts) {
      const glyphs = [...new Map(e.font.characterSet.map((cp) => glyphOf(cp)).map((g) => [g.id, g])).values()].sort((a, b) => a.id - b.id);
      parts = {
        program: context.flateStream(e.fontData).contents,
        cmap: context.flateStream(createCmap(glyphs as never, (g) => (g as Glyph | undefined)?.id ?? -1)).contents,
        widths: computeWidths(),
      };
      PREPARED.set(e.font, parts);
    }
    return parts;
  };
  let context: Context | undefined;
  e.encodeText = (text) => {
    let hex = "";
    for (const ch of text) hex += toHexStringOfMinLength(glyphOf(ch.codePointAt(0)!).id, 4);
    return PDFHexString.of(hex);
  };
  // embedIntoContext calls embedFontStream (async, first) before computeWidths and
  // embedUnicodeCmap, so the context is known by the time those run.
  e.embedFontStream = async (ctx) => {
    context = ctx;
    const { program } = prepared(ctx);
    return ctx.register(ctx.stream(program, { Filter: "FlateDecode", Length1: e.fontData.length }));
  };
  e.computeWidths = () => (context ? prepared(context).widths : computeWidths());
  e.embedUnicodeCmap = (ctx) => ctx.register(ctx.stream(prepared(ctx).cmap, { Filter: "FlateDecode" }));
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
