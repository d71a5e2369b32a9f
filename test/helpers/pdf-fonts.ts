/*
 * Font bytes for tests. workerd has no file system, so the files are imported through
 * Vite's `?inline` (a base64 data URL, decoded here) from the same npm packages that
 * scripts/upload-fonts.mjs copies into R2.
 */
import { FONT_FILES, type FontFace, type FontProvider } from "../../src/services/pdf/font-provider";
import sans from "../../node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf?inline";
import sansBold from "../../node_modules/@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf?inline";
import hebrew from "../../node_modules/@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-400-normal.woff?inline";
import hebrewBold from "../../node_modules/@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-700-normal.woff?inline";
import cjk from "../../node_modules/@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf?inline";

const DATA_URLS: Record<FontFace, string> = { sans, "sans-bold": sansBold, hebrew, "hebrew-bold": hebrewBold, cjk };

export function fontBytes(face: FontFace): Uint8Array {
  const base64 = DATA_URLS[face].slice(DATA_URLS[face].indexOf(",") + 1);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Puts every face into the bucket under fonts/<file>, as the upload script does. */
export async function seedFonts(bucket: R2Bucket): Promise<void> {
  for (const face of Object.keys(FONT_FILES) as FontFace[]) await bucket.put(`fonts/${FONT_FILES[face]}`, fontBytes(face));
}

/** Wraps a provider and records which faces were asked for. */
export function recordingProvider(inner: FontProvider): FontProvider & { requested: FontFace[] } {
  const requested: FontFace[] = [];
  return {
    requested,
    load(face) {
      requested.push(face);
      return inner.load(face);
    },
  };
}
