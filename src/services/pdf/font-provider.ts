/*
 * Where font bytes come from. The Worker bundle must stay small (a CJK font alone is
 * ~5 MB), so fonts live in R2 under `fonts/<file>` (put there by scripts/upload-fonts.mjs)
 * and the renderer asks for a face only when the invoice's text needs it.
 */

/** Faces the renderer can ask for, and the file each is stored as. Keep in step with scripts/upload-fonts.mjs. */
export const FONT_FILES = {
  sans: "NotoSans-Regular.ttf",
  "sans-bold": "NotoSans-Bold.ttf",
  hebrew: "NotoSansHebrew-Regular.woff",
  "hebrew-bold": "NotoSansHebrew-Bold.woff",
  cjk: "NotoSansJP-Regular.ttf",
} as const;

export type FontFace = keyof typeof FONT_FILES;

export interface FontProvider {
  /** The face's TTF/OTF/WOFF bytes, or null when it is not available (the renderer degrades). */
  load(face: FontFace): Promise<Uint8Array | null>;
}

export const FONT_KEY_PREFIX = "fonts/";

/** Reads faces from an R2 bucket (DOCUMENTS) under `fonts/<file>`. */
export function r2FontProvider(bucket: R2Bucket, prefix = FONT_KEY_PREFIX): FontProvider {
  return {
    async load(face) {
      const object = await bucket.get(prefix + FONT_FILES[face]);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
  };
}

/** A provider with no fonts: Latin text still renders with the built-in Helvetica. */
export const noFonts: FontProvider = { load: async () => null };
