#!/usr/bin/env node
/**
 * Splits the PDF fonts into small TrueType files by Unicode range, for the Worker's static
 * assets (assets/fonts/<face>/<chunk>.ttf) plus the manifest the renderer bundles
 * (src/services/pdf/font-chunks.json). The output is committed; run this only after
 * changing scripts/font-sources.json or upgrading the font packages:
 *
 *   npm run fonts:split
 *
 * Why: parsing and subsetting a whole Noto face (5 MB for Japanese) cost 35-60 ms of CPU per
 * render, over the free plan's 10 ms. A chunk holds 16-48 KiB of outlines, so a render
 * loads and parses only the few chunks its characters fall into, and embeds them whole. Each chunk is cut with hb-subset
 * (harfbuzzjs): layout tables (GSUB/GPOS/GDEF) and hinting are dropped because the renderer
 * draws one glyph per character and fontkit would otherwise decode the lookups on every
 * new font; cmap, hmtx, OS/2, post and name stay, so pdf-lib writes correct metrics, font
 * names and ToUnicode maps.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = JSON.parse(readFileSync(path.join(root, "scripts/font-sources.json"), "utf8"));
const OUT_DIR = path.join(root, "assets/fonts");
const MANIFEST = path.join(root, "src/services/pdf/font-chunks.json");

/**
 * Outline bytes per chunk. Chunks are embedded whole, so this bounds what a script adds to
 * a PDF; alphabets get larger chunks so that one (Greek with Cyrillic) is one font, while
 * CJK, whose characters spread over the whole range, gets small ones.
 */
const SMALL_CHUNK = 16 * 1024;
/**
 * The first chunk of a family holds what nearly every document draws once its primary face
 * is embedded: Latin through Latin Extended-A (most European names), general punctuation
 * (dashes, quotes, the spaces Intl puts into amounts), currency and letterlike symbols.
 */
const inFirstChunk = (cp) =>
  cp <= 0x017f || (cp >= 0x2000 && cp <= 0x206f) || (cp >= 0x20a0 && cp <= 0x20cf) || (cp >= 0x2100 && cp <= 0x214f) || cp === 0x2212;
/** Families as the renderer sees them; boundaries come from the regular face and apply to the bold one. */
const FAMILIES = {
  sans: { regular: "sans", bold: "sans-bold", budget: 48 * 1024 },
  hebrew: { regular: "hebrew", bold: "hebrew-bold", budget: SMALL_CHUNK },
  cjk: { regular: "cjk", bold: "cjk", budget: SMALL_CHUNK },
};

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
const HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40;
const DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "DSIG", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG"];

const wasm = readFileSync(path.join(root, "node_modules/harfbuzzjs/dist/harfbuzz-subset.wasm"));
const { instance } = await WebAssembly.instantiate(wasm);
const hb = instance.exports;

const manifest = { families: {} };
rmSync(OUT_DIR, { recursive: true, force: true });
for (const [family, faces] of Object.entries(FAMILIES)) {
  const regular = sfnt(readFileSync(path.join(root, "node_modules", sources[faces.regular])));
  const chunks = cut(regular, faces.budget);
  const bold = faces.bold === faces.regular ? null : sfnt(readFileSync(path.join(root, "node_modules", sources[faces.bold])));
  const entries = [];
  chunks.forEach((codePoints, index) => {
    const file = String(index).padStart(2, "0");
    write(faces.regular, file, subset(regular, codePoints));
    if (bold) write(faces.bold, file, subset(bold, codePoints));
    entries.push({ file, ranges: ranges(codePoints) });
  });
  manifest.families[family] = { regular: faces.regular, bold: faces.bold, chunks: entries };
  console.log(`fonts: ${family}: ${chunks.length} chunk(s)`);
}
writeFileSync(MANIFEST, `${JSON.stringify(manifest)}\n`);

/** Code points of the font in order, cut into runs of about `budget` outline bytes. */
function cut(bytes, budget) {
  const font = fontkit.create(bytes);
  const offsets = font.loca?.offsets ?? [];
  // Controls and noncharacters never reach a page (cleanText strips them).
  const codePoints = [...font.characterSet].filter((cp) => cp >= 0x20 && (cp & 0xfffe) !== 0xfffe && !(cp >= 0xfdd0 && cp <= 0xfdef)).sort((a, b) => a - b);
  // A small face (Hebrew is ~10 KB) stays whole: one fetch instead of two.
  if (font.numGlyphs * 64 < budget || bytes.byteLength < budget) return [codePoints];
  const chunks = [codePoints.filter(inFirstChunk)];
  let current = [];
  let size = 0;
  const seen = new Set();
  for (const cp of codePoints.filter((c) => !inFirstChunk(c))) {
    const gid = font.glyphForCodePoint(cp).id;
    const glyphSize = seen.has(gid) ? 0 : (offsets[gid + 1] ?? 0) - (offsets[gid] ?? 0) || 64;
    if (current.length > 0 && size + glyphSize > budget) {
      chunks.push(current);
      current = [];
      size = 0;
      seen.clear();
    }
    seen.add(gid);
    current.push(cp);
    size += glyphSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function subset(bytes, codePoints) {
  const fontPtr = hb.malloc(bytes.byteLength);
  new Uint8Array(hb.memory.buffer).set(bytes, fontPtr);
  const blob = hb.hb_blob_create(fontPtr, bytes.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  const unicodes = hb.hb_subset_input_unicode_set(input);
  for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
  const drop = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (const tag of DROPPED_TABLES) hb.hb_set_add(drop, tagValue(tag));
  hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
  const result = hb.hb_subset_or_fail(face, input);
  if (!result) throw new Error("hb-subset failed");
  const out = hb.hb_face_reference_blob(result);
  const data = hb.hb_blob_get_data(out, 0);
  const length = hb.hb_blob_get_length(out);
  const copy = new Uint8Array(hb.memory.buffer, data, length).slice();
  hb.hb_blob_destroy(out);
  hb.hb_face_destroy(result);
  hb.hb_subset_input_destroy(input);
  hb.hb_face_destroy(face);
  hb.free(fontPtr);
  // A chunk that fontkit cannot read or that lost a character would fail renders later: check now.
  const check = fontkit.create(copy);
  for (const cp of codePoints) if (!check.hasGlyphForCodePoint(cp)) throw new Error(`chunk lost U+${cp.toString(16)}`);
  return copy;
}

function write(face, file, bytes) {
  mkdirSync(path.join(OUT_DIR, face), { recursive: true });
  writeFileSync(path.join(OUT_DIR, face, `${file}.ttf`), bytes);
}

/** [first, last] runs of consecutive code points: the manifest's exact coverage of a chunk. */
function ranges(codePoints) {
  const out = [];
  for (const cp of codePoints) {
    const last = out[out.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp;
    else out.push([cp, cp]);
  }
  return out;
}

function tagValue(tag) {
  return ((tag.charCodeAt(0) << 24) | (tag.charCodeAt(1) << 16) | (tag.charCodeAt(2) << 8) | tag.charCodeAt(3)) >>> 0;
}

/** WOFF 1.0 to a plain sfnt (hb-subset reads only sfnt): inflate each table, rebuild the directory. */
function sfnt(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x774f4646) return new Uint8Array(bytes);
  const numTables = view.getUint16(12);
  const tables = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = view.getUint32(at);
    const offset = view.getUint32(at + 4);
    const compLength = view.getUint32(at + 8);
    const origLength = view.getUint32(at + 12);
    const checksum = view.getUint32(at + 16);
    const raw = bytes.subarray(offset, offset + compLength);
    tables.push({ tag, checksum, data: compLength < origLength ? new Uint8Array(inflateSync(raw)) : raw });
  }
  tables.sort((a, b) => a.tag - b.tag);
  let size = 12 + numTables * 16;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, view.getUint32(4));
  dv.setUint16(4, numTables);
  const entrySelector = Math.floor(Math.log2(numTables));
  dv.setUint16(6, 2 ** entrySelector * 16);
  dv.setUint16(8, entrySelector);
  dv.setUint16(10, numTables * 16 - 2 ** entrySelector * 16);
  let offset = 12 + numTables * 16;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    dv.setUint32(at, t.tag);
    dv.setUint32(at + 4, t.checksum);
    dv.setUint32(at + 8, offset);
    dv.setUint32(at + 12, t.data.length);
    out.set(t.data, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return out;
}
