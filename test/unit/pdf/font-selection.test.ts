import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { loadFontSet } from "../../../src/services/pdf/font-loader";
import { facesNeeded } from "../../../src/services/pdf/font-set";
import { shippedFonts } from "../../helpers/pdf-fonts";

describe("facesNeeded", () => {
  it("needs nothing for WinAnsi text, including what Intl puts into amounts", () => {
    expect(facesNeeded(["Zoë Ångström", "€1.234,56", "1\u202f234,56\u00a0€", "−5,00 kr"])).toEqual({ sans: false, hebrew: false, cjk: false });
  });

  it("asks for each script's face only when it occurs", () => {
    expect(facesNeeded(["Łódź"])).toEqual({ sans: true, hebrew: false, cjk: false });
    expect(facesNeeded(["Ελληνικά", "Київ"])).toEqual({ sans: true, hebrew: false, cjk: false });
    expect(facesNeeded(["עברית"])).toEqual({ sans: false, hebrew: true, cjk: false });
    expect(facesNeeded(["東京", "カタカナ"])).toEqual({ sans: false, hebrew: false, cjk: true });
  });
});

describe("FontSet.runs", { timeout: 60_000 }, () => {
  const fontSetFor = async (...texts: string[]) => loadFontSet(await PDFDocument.create(), texts, shippedFonts());

  it("keeps a Hebrew phrase, spaces included, in one run between Latin runs", async () => {
    const fonts = await fontSetFor("Acme שלום עולם Ltd");
    const runs = fonts.runs("Acme שלום עולם Ltd").map((r) => [r.text, r.font.name]);
    expect(runs.map(([text]) => text)).toEqual(["Acme ", "שלום עולם", " Ltd"]);
    expect(runs[1]![1]).toMatch(/Hebrew/);
    expect(runs[0]![1]).toBe(runs[2]![1]);
  });

  it("puts CJK in the CJK face and Latin on Helvetica when Latin is WinAnsi", async () => {
    const fonts = await fontSetFor("Zoë 東京");
    const runs = fonts.runs("Zoë 東京");
    // 東 and 京 live in different chunks of Noto Sans JP, so each is a run of its own.
    expect(runs.map((r) => r.text)).toEqual(["Zoë ", "東", "京"]);
    expect(runs[0]!.font.name).toBe("Helvetica");
    for (const run of runs.slice(1)) expect(run.font.name).toMatch(/NotoSansJP/);
  });

  it("substitutes or marks characters that no loaded face has, rather than throwing", async () => {
    const fonts = await fontSetFor("plain");
    expect(
      fonts
        .runs("a\u2212b ก")
        .map((r) => r.text)
        .join(""),
    ).toBe("a-b ?");
  });
});
