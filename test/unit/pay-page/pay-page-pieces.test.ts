import { describe, expect, it } from "vitest";
import { accentPalette, contrastRatio, parseHexColor } from "../../../src/pages/pay/accent-color";
import { checkoutUrl } from "../../../src/domain/checkout-url";
import { formatCalendarDate, resolveLocale } from "../../../src/pages/pay/locale";

describe("accent colour", () => {
  it("accepts only hex colours", () => {
    expect(parseHexColor("#ABC")).toBe("#aabbcc");
    expect(parseHexColor(" #1D4ED8 ")).toBe("#1d4ed8");
    for (const bad of ["red", "#abcd", "#12345g", "#fff;}body{x:y", "url(x)", null]) expect(parseHexColor(bad)).toBeNull();
  });
  it("puts text on the accent that reaches WCAG AA for every colour", () => {
    for (let r = 0; r < 256; r += 17)
      for (let g = 0; g < 256; g += 17)
        for (let b = 0; b < 256; b += 17) {
          const hex = `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
          const { accent, onAccent } = accentPalette(hex);
          expect(contrastRatio(accent, onAccent)).toBeGreaterThanOrEqual(4.5);
        }
    expect(accentPalette("#ffff00").onAccent).toBe("#000000");
    expect(accentPalette("#000080").onAccent).toBe("#ffffff");
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
  });
});

describe("checkoutUrl", () => {
  const values = { invoice_id: "inv_1", invoice_number: "A/B #1?&x=y", amount: 697500, currency: "USD" };
  it("encodes each value so it stays inside its slot", () => {
    expect(checkoutUrl("https://pay.example.com/i/{invoice_number}?id={invoice_id}&a={amount}&c={currency}", values)).toBe(
      "https://pay.example.com/i/A%2FB%20%231%3F%26x%3Dy?id=inv_1&a=697500&c=USD",
    );
  });
  it("shows only https links", () => {
    expect(checkoutUrl("http://pay.example.com/{invoice_id}", values)).toBeNull();
    expect(checkoutUrl("javascript:alert(1)//{invoice_id}", values)).toBeNull();
    expect(checkoutUrl("https://user:pw@pay.example.com/{invoice_id}", values)).toBeNull();
    expect(checkoutUrl("not a url", values)).toBeNull();
    expect(checkoutUrl(null, values)).toBeNull();
  });
});

describe("locale", () => {
  it("falls back to en-US for what Intl does not know and never shifts calendar dates", () => {
    expect(resolveLocale(null)).toBe("en-US");
    expect(resolveLocale("not a locale!")).toBe("en-US");
    expect(resolveLocale("fr-FR")).toBe("fr-FR");
    expect(formatCalendarDate("2024-01-01", "en-US")).toBe("January 1, 2024");
    expect(formatCalendarDate("2024-12-31", "ja-JP")).toBe("2024年12月31日");
  });
});
