/*
 * The merchant's accent colour is only ever a background (header band, Pay button); the text
 * on it is black or white, whichever contrasts more. One of the two always reaches at least
 * 4.58:1 (√21), so the pair passes WCAG AA for normal text whatever colour the merchant picked.
 */

export const DEFAULT_ACCENT = "#1d4ed8";

export type AccentPalette = { accent: string; onAccent: "#000000" | "#ffffff" };

/** `#rgb` or `#rrggbb` (any case) → `#rrggbb`; anything else (names, url(), `;`) → null. */
export function parseHexColor(value: string | null | undefined): string | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value?.trim() ?? "");
  if (!match) return null;
  const hex = match[1]!.toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((d) => d + d).join("") : hex}`;
}

/** WCAG 2 relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function accentPalette(value: string | null | undefined): AccentPalette {
  const accent = parseHexColor(value) ?? DEFAULT_ACCENT;
  const onAccent = contrastRatio(accent, "#000000") >= contrastRatio(accent, "#ffffff") ? "#000000" : "#ffffff";
  return { accent, onAccent };
}
