/*
 * @pdf-lib/fontkit 1.1.1 is a fork of fontkit from before foliojs/fontkit#191: its TrueType
 * subsetter writes a short `loca` (offsets halved) without padding glyph records to an even
 * length, so one odd-length record (common in Google Fonts' static TTFs, Noto included)
 * shifts every later glyph and viewers draw blanks while text extraction still works
 * (pdf-lib#1232). Padding each record to an even length makes the short format exact again.
 * Patched once, on the subset class's prototype, reached through a real font instance.
 */

type GlyphRecord = Uint8Array & { constructor: { alloc?: (n: number) => Uint8Array; new (n: number): Uint8Array } };
type TtfSubset = { glyf: GlyphRecord[]; offset: number; _addGlyph(gid: number): number };

const PATCHED = Symbol.for("edge-invoicing.fontkit-even-glyf");

export function padSubsetGlyphRecords(fontkitFont: { createSubset?: () => unknown }): void {
  const subset = fontkitFont.createSubset?.();
  if (!subset || typeof subset !== "object") return;
  const proto = Object.getPrototypeOf(subset) as TtfSubset & { [PATCHED]?: true };
  if (proto[PATCHED] || typeof proto._addGlyph !== "function" || !("glyf" in proto || "_addGlyph" in proto)) return;
  const addGlyph = proto._addGlyph;
  proto._addGlyph = function (this: TtfSubset, gid: number): number {
    const index = addGlyph.call(this, gid);
    const record = this.glyf?.[index];
    if (record && record.length % 2 === 1) {
      const Ctor = record.constructor;
      const padded = typeof Ctor.alloc === "function" ? Ctor.alloc(record.length + 1) : new Ctor(record.length + 1);
      padded.set(record);
      padded[record.length] = 0;
      this.glyf[index] = padded as GlyphRecord;
      this.offset += 1;
    }
    return index;
  };
  proto[PATCHED] = true;
}
