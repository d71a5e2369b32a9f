/*
 * Which font a character needs. Only three families are shipped (Latin/Greek/Cyrillic,
 * Hebrew, CJK), so a coarse classification by Unicode block is enough to decide which
 * ones to load before any font is parsed.
 */

export type ScriptClass = "latin" | "hebrew" | "cjk";

export function scriptClassOf(cp: number): ScriptClass {
  if ((cp >= 0x0590 && cp <= 0x05ff) || (cp >= 0xfb1d && cp <= 0xfb4f)) return "hebrew";
  if (
    (cp >= 0x2e80 && cp <= 0x9fff) || // radicals, CJK punctuation, kana, Han
    (cp >= 0xac00 && cp <= 0xd7af) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0xff00 && cp <= 0xffef) || // full-width forms
    (cp >= 0x20000 && cp <= 0x3ffff)
  )
    return "cjk";
  return "latin";
}

/** Characters that take the script of their neighbours (so an RTL phrase stays one run). */
export function isNeutral(cp: number): boolean {
  return cp === 0x20 || cp === 0xa0 || cp === 0x2d || cp === 0x2e || cp === 0x2c;
}

/** Windows-1252 upper half that is not Latin-1: the extra characters WinAnsiEncoding can show. */
const WIN_ANSI_EXTRA = new Set(Array.from("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ", (c) => c.codePointAt(0)!));

/** A whole string Helvetica can draw as is: the common case, checked without a per-character loop. */
export const WIN_ANSI_TEXT = /^[\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/;

/** Whether Helvetica (a standard 14 font, WinAnsiEncoding, nothing embedded) can draw it. */
export function isWinAnsi(cp: number): boolean {
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);
}

/** Look-alikes for characters a font lacks, mostly what Intl puts into numbers and dates. */
export const SUBSTITUTES: Record<number, string> = {
  8722: "-", // minus sign (sv-SE, fi-FI negative amounts)
  8208: "-",
  8209: "-",
  8199: " ",
  8201: " ",
  8202: " ",
  8239: "\u00a0", // narrow no-break space (fr-FR thousands)
  8288: "",
};

/**
 * Text as it may reach a page: composed (NFC, so "e" + U+0301 is one "é" glyph: nothing
 * positions combining marks), no control characters (they would draw as boxes or break
 * lines) and no bidi controls (runs are laid out by script, not by the bidi algorithm).
 */
export function cleanText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\t/g, " ")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "");
}
