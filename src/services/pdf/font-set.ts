/*
 * The fonts one document uses and how a string is split into runs, one font per run.
 * The primary face is Helvetica when every Latin-class character is WinAnsi (nothing to
 * embed, fastest) and the document need not embed every font (PDF/A does), otherwise the
 * first chunk of embedded Noto Sans; further chunks (other ranges of Noto Sans, Hebrew, CJK)
 * are loaded only for the characters that need them (font-loader.ts). All embedded faces are subset.
 */
import type { PDFFont } from "pdf-lib";
import { SUBSTITUTES, WIN_ANSI_TEXT, isNeutral, isWinAnsi, scriptClassOf, type ScriptClass } from "./text-scripts";

/**
 * widthOf is in points; embedded faces measure by cmap advances (see measureByAdvances).
 * rightToLeft: runs of this face are reversed when drawn (the chunks carry no layout tables,
 * so fontkit does not reorder them itself).
 */
export type Face = { font: PDFFont; has: (cp: number) => boolean; widthOf: (text: string, size: number) => number; rightToLeft?: boolean };
export type Family = { regular: Face; bold: Face; script: ScriptClass; embedded: boolean };
export type TextRun = { text: string; font: PDFFont; face: Face };

export class FontSet {
  private readonly widths = new Map<string, number>();
  private readonly runCache = new Map<string, TextRun[]>();

  /** markMissing: a character no face has is drawn as "?" even when the primary is embedded. */
  constructor(
    private readonly families: Family[],
    private readonly embed: () => Promise<void> = async () => {},
    private readonly options: { markMissing?: boolean } = {},
  ) {}

  /** Writes the embedded faces that were drawn with into the document; call once, before saving. */
  embedUsed(): Promise<void> {
    return this.embed();
  }

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
    return [0, this.families[0]!.embedded && !this.options.markMissing ? ch : "?"];
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
