/*
 * The fonts one document uses and how a string is split into runs, one font per run.
 * The primary face is Helvetica when every Latin-class character is WinAnsi (nothing to
 * embed, fastest), otherwise embedded Noto Sans; Hebrew and CJK faces are loaded only when
 * the text contains those scripts. All embedded faces are subset.
 */
import { type PDFDocument, type PDFFont, StandardFonts } from "pdf-lib";
import type { FontFace, FontProvider } from "./font-provider";
import { padSubsetGlyphRecords } from "./fontkit-subset-fix";
import { SUBSTITUTES, WIN_ANSI_TEXT, isNeutral, isWinAnsi, scriptClassOf, type ScriptClass } from "./text-scripts";

/** widthOf is in points; embedded faces measure by cmap advances (see measureByAdvances). */
type Face = { font: PDFFont; has: (cp: number) => boolean; widthOf: (text: string, size: number) => number };
type Family = { regular: Face; bold: Face; script: ScriptClass; embedded: boolean };
export type TextRun = { text: string; font: PDFFont; face: Face };

type GlyphCoverage = {
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { advanceWidth: number };
  unitsPerEm: number;
};

export class FontSet {
  private readonly widths = new Map<string, number>();
  private readonly runCache = new Map<string, TextRun[]>();

  constructor(private readonly families: Family[]) {}

  /** Splits text into runs that each one font can draw, primary face first. */
  runs(text: string, bold = false): TextRun[] {
    const key = `${bold ? "b" : "r"}|${text}`;
    let runs = this.runCache.get(key);
    if (!runs) {
      runs = this.split(text, bold);
      this.runCache.set(key, runs);
    }
    return runs;
  }

  private split(text: string, bold: boolean): TextRun[] {
    if (this.families.length === 1 && !this.families[0]!.embedded && WIN_ANSI_TEXT.test(text))
      return text ? [{ text, font: this.face(0, bold).font, face: this.face(0, bold) }] : [];
    const chars = Array.from(text);
    const picks: number[] = [];
    const out: string[] = [];
    for (const ch of chars) {
      const cp = ch.codePointAt(0)!;
      if (isNeutral(cp)) {
        picks.push(-1);
        out.push(ch);
        continue;
      }
      const [index, drawn] = this.pick(cp, ch, bold);
      picks.push(index);
      out.push(drawn);
    }
    // A space between two characters of the same fallback face joins them, so an RTL phrase
    // is laid out (and reversed by fontkit) as one run.
    for (let i = 0; i < picks.length; i++) {
      if (picks[i] !== -1) continue;
      const before = lastPick(picks, i, -1);
      const after = lastPick(picks, i, 1);
      const cp = out[i]!.codePointAt(0)!;
      const family = before === after && before > 0 ? this.face(before, bold) : undefined;
      picks[i] = family?.has(cp) ? before : this.firstCovering(cp, bold);
    }
    const runs: TextRun[] = [];
    let start = 0;
    for (let i = 1; i <= out.length; i++) {
      if (i < out.length && picks[i] === picks[start]) continue;
      const piece = out.slice(start, i).join("");
      const face = this.face(picks[start]!, bold);
      if (piece) runs.push({ text: piece, font: face.font, face });
      start = i;
    }
    return runs;
  }

  /** Width in points of text drawn at size; memoized because tables measure the same words often. */
  width(text: string, size: number, bold = false): number {
    const key = `${bold ? "b" : "r"}${size}|${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = 0;
      for (const run of this.runs(text, bold)) width += run.face.widthOf(run.text, size);
      this.widths.set(key, width);
    }
    return width;
  }

  private face(index: number, bold: boolean): Face {
    const family = this.families[index]!;
    return bold ? family.bold : family.regular;
  }

  private pick(cp: number, ch: string, bold: boolean): [number, string] {
    const script = scriptClassOf(cp);
    const preferred = this.families.findIndex((f, i) => f.script === script && this.face(i, bold).has(cp));
    if (preferred >= 0) return [preferred, ch];
    const any = this.families.findIndex((_, i) => this.face(i, bold).has(cp));
    if (any >= 0) return [any, ch];
    const substitute = SUBSTITUTES[cp];
    if (substitute !== undefined && [...substitute].every((c) => this.face(0, bold).has(c.codePointAt(0)!))) return [0, substitute];
    // Nothing can draw it: an embedded primary keeps the character (searchable, drawn as
    // .notdef); Helvetica cannot encode it at all, so it gets a visible stand-in.
    return [0, this.families[0]!.embedded ? ch : "?"];
  }

  private firstCovering(cp: number, bold: boolean): number {
    const index = this.families.findIndex((_, i) => this.face(i, bold).has(cp));
    return Math.max(index, 0);
  }
}

function lastPick(picks: number[], from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < picks.length; i += step) if (picks[i] !== -1) return picks[i]!;
  return -2;
}

/**
 * pdf-lib keeps only the glyph ids of fontkit's layout and drops GPOS positions, yet fontkit
 * decodes the GSUB/GPOS lookups of every new font instance to apply its default features:
 * most of the time of a render with Noto Sans. None of the scripts we ship needs shaping
 * (text is NFC-normalized, so accents are precomposed glyphs), so the features are off:
 * one glyph per character, exactly the widths measureByAdvances computes.
 */
const NO_SHAPING: Record<string, boolean> = Object.fromEntries(
  ["ccmp", "locl", "rlig", "mark", "mkmk", "calt", "clig", "liga", "rclt", "curs", "kern", "dist", "abvm", "blwm"].map((tag) => [tag, false]),
);

/** Which faces a set of strings needs. Pure, so it can be tested without fonts. */
export function facesNeeded(texts: Iterable<string>): { sans: boolean; hebrew: boolean; cjk: boolean } {
  const need = { sans: false, hebrew: false, cjk: false };
  for (const text of texts) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const script = scriptClassOf(cp);
      if (script === "hebrew") need.hebrew = true;
      else if (script === "cjk") need.cjk = true;
      else if (!isWinAnsi(cp) && !(cp in SUBSTITUTES)) need.sans = true;
    }
  }
  return need;
}

/** Loads and embeds the faces the texts need; a face that cannot be had is left out, never fatal. */
export async function loadFontSet(doc: PDFDocument, texts: Iterable<string>, provider: FontProvider): Promise<FontSet> {
  const need = facesNeeded(texts);
  const embedded = async (face: FontFace): Promise<Face | null> => {
    try {
      const bytes = await provider.load(face);
      if (!bytes) return null;
      const fontkit = await loadFontkit();
      doc.registerFontkit(fontkit);
      const font = await doc.embedFont(bytes, { subset: true, features: NO_SHAPING });
      const coverage = fontkitFontOf(font) ?? (fontkit.create(bytes) as unknown as GlyphCoverage);
      padSubsetGlyphRecords(coverage as { createSubset?: () => unknown });
      return { font, has: (cp) => coverage.hasGlyphForCodePoint(cp), widthOf: measureByAdvances(coverage) };
    } catch (error) {
      console.warn(`pdf: font ${face} could not be embedded`, error);
      return null;
    }
  };
  const pair = async (regular: FontFace, bold: FontFace, script: ScriptClass): Promise<Family | null> => {
    const [r, b] = await Promise.all([embedded(regular), embedded(bold)]);
    return r ? { regular: r, bold: b ?? r, script, embedded: true } : null;
  };

  const [sans, hebrew, cjk] = await Promise.all([
    need.sans ? pair("sans", "sans-bold", "latin") : null,
    need.hebrew ? pair("hebrew", "hebrew-bold", "hebrew") : null,
    need.cjk ? embedded("cjk").then((f): Family | null => (f ? { regular: f, bold: f, script: "cjk", embedded: true } : null)) : null,
  ]);
  const primary = sans ?? (await helvetica(doc));
  return new FontSet([primary, ...[hebrew, cjk].filter((f): f is Family => f !== null)]);
}

async function helvetica(doc: PDFDocument): Promise<Family> {
  const has = (cp: number) => isWinAnsi(cp);
  const [regular, bold] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold)]);
  const face = (font: PDFFont): Face => ({ font, has, widthOf: (text, size) => font.widthOfTextAtSize(text, size) });
  return { regular: face(regular), bold: face(bold), script: "latin", embedded: false };
}

/**
 * Width as the sum of each character's glyph advance, which with NO_SHAPING is what gets
 * drawn. pdf-lib's widthOfTextAtSize would run fontkit's layout on every call.
 */
function measureByAdvances(font: GlyphCoverage): (text: string, size: number) => number {
  const advances = new Map<number, number>();
  const scale = 1 / font.unitsPerEm;
  return (text, size) => {
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
}

/**
 * fontkit is the largest module in the bundle and builds tables when it is evaluated; a
 * Latin-only invoice never needs it, so it is imported (and evaluated) on first use.
 */
async function loadFontkit() {
  const module = await import("@pdf-lib/fontkit");
  return module.default;
}

/** pdf-lib keeps the parsed fontkit font on its embedder; reuse it rather than parse the bytes twice. */
function fontkitFontOf(font: PDFFont): GlyphCoverage | undefined {
  const candidate = (font as unknown as { embedder?: { font?: Partial<GlyphCoverage> } }).embedder?.font;
  return typeof candidate?.hasGlyphForCodePoint === "function" && typeof candidate.glyphForCodePoint === "function" ? (candidate as GlyphCoverage) : undefined;
}
