/*
 * Which font chunk draws a character, from the manifest scripts/split-fonts.mjs writes next
 * to the chunks it cuts. Exact coverage is known before any font is read, so a render
 * fetches and parses only the chunks its characters fall into.
 */
import manifest from "./font-chunks.json";

export type FamilyName = "sans" | "hebrew" | "cjk";

/** One chunk of a family: the asset names of its regular and bold cuts ("sans/00", "sans-bold/00"). */
export type FontChunk = { family: FamilyName; index: number; regular: string; bold: string };

type Manifest = { families: Record<FamilyName, { regular: string; bold: string; chunks: Array<{ file: string; ranges: number[][] }> }> };

/** Per family, every covered range as [first, last, chunk index], in code point order. */
const RANGES = new Map<FamilyName, Array<[number, number, number]>>();
const CHUNKS = new Map<FamilyName, FontChunk[]>();
for (const [family, entry] of Object.entries((manifest as Manifest).families) as Array<[FamilyName, Manifest["families"][FamilyName]]>) {
  CHUNKS.set(
    family,
    entry.chunks.map((c, index) => ({ family, index, regular: `${entry.regular}/${c.file}`, bold: `${entry.bold}/${c.file}` })),
  );
  RANGES.set(
    family,
    entry.chunks.flatMap((c, index) => c.ranges.map(([first, last]): [number, number, number] => [first!, last!, index])).sort((a, b) => a[0] - b[0]),
  );
}

/** The chunk of `family` that has a glyph for cp, or null when the family does not cover it. */
export function chunkFor(family: FamilyName, cp: number): FontChunk | null {
  const ranges = RANGES.get(family) ?? [];
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last, index] = ranges[mid]!;
    if (cp < first) hi = mid - 1;
    else if (cp > last) lo = mid + 1;
    else return CHUNKS.get(family)![index]!;
  }
  return null;
}

/** The family's first chunk: Latin through Latin Extended-B, the primary face of an embedded document. */
export function firstChunk(family: FamilyName): FontChunk {
  return CHUNKS.get(family)![0]!;
}
