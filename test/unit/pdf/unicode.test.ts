import { describe, expect, it } from "vitest";
import { FontUnavailableError, noFonts, renderInvoicePdf } from "../../../src/services/pdf";
import { pdfAccount, pdfCustomer, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";
import { fontsMissing, recordingProvider, shippedFonts } from "../../helpers/pdf-fonts";
import fontkit from "@pdf-lib/fontkit";
import { embeddedFontPrograms, pdfFonts, pdfPages } from "../../helpers/pdf-reading";

const NAMES = ["Zoë Ångström", "Łódź", "Ελληνικά", "Київ", "東京", "עברית"];

function invoiceFor(name: string) {
  return pdfInvoice(
    pdfLines(3, (i) => `${name} line ${i + 1}`),
    {
      customer: pdfCustomer({ name, email: "u@example.com" }),
      billing_address: { line1: `${name} 1`, city: name, country: "PL" },
    },
  );
}

// Fonts are read from the Worker's static assets exactly as in production.
describe("text in any script", { timeout: 120_000 }, () => {
  it.each(NAMES)("extracts %s as text", async (name) => {
    const bytes = await renderInvoicePdf({ invoice: invoiceFor(name), account: pdfAccount(), payUrl: null }, shippedFonts());
    const text = (await pdfPages(bytes)).pages.join("\n");
    expect(text).toContain(`${name} line 1`);
    // The customer block prints the name on its own line.
    expect(text.split("\n")).toContain(name);
  });

  it("renders all of them in one document, merchant name included", async () => {
    const account = pdfAccount({ name: "Ελληνικά & 東京 Trading", legal_name: null });
    const invoice = pdfInvoice(
      pdfLines(NAMES.length, (i) => NAMES[i]!),
      {
        customer: pdfCustomer({ name: NAMES.join(" / "), email: null }),
        notes: `שלום עולם — Київ`,
      },
    );
    const bytes = await renderInvoicePdf({ invoice, account, payUrl: null }, shippedFonts());
    const { pages, info } = await pdfPages(bytes);
    const text = pages.join("\n");
    for (const name of NAMES) expect(text).toContain(name);
    expect(text).toContain("Ελληνικά & 東京 Trading");
    expect(info.Author).toBe("Ελληνικά & 東京 Trading");
    // An RTL phrase is drawn in visual order as one run, so a reader recovers it in logical order.
    expect(text).toContain("שלום עולם");
    const fonts = await pdfFonts(bytes);
    expect(fonts.embedded).toBe(true);
    expect(fonts.baseFonts.join(" ")).toMatch(/NotoSans-Regular/);
    expect(fonts.baseFonts.join(" ")).toMatch(/NotoSansHebrew/);
    expect(fonts.baseFonts.join(" ")).toMatch(/NotoSansJP/);
  });

  // Guards the chunk programs (hb-subset output, embedded whole): a broken loca would shift
  // glyphs so that viewers draw blanks although text extraction still works.
  it("embeds subsets whose every glyph has a real outline", async () => {
    const invoice = invoiceFor("Łódź Ελληνικά Київ 東京");
    const bytes = await renderInvoicePdf({ invoice, account: pdfAccount(), payUrl: null }, shippedFonts());
    const programs = await embeddedFontPrograms(bytes);
    expect(programs.length).toBeGreaterThanOrEqual(3);
    for (const program of programs) {
      const font = fontkit.create(program);
      const blank: number[] = [];
      for (let id = 1; id < font.numGlyphs; id++) {
        const glyph = font.getGlyph(id);
        if (glyph.path.toSVG() === "" && glyph.advanceWidth > 0 && !isSpace(glyph.codePoints)) blank.push(id);
      }
      expect(blank).toEqual([]);
    }
  });

  it("keeps WinAnsi Latin on Helvetica and loads only the faces a script needs", async () => {
    const provider = recordingProvider(shippedFonts());
    await renderInvoicePdf({ invoice: invoiceFor("Zoë Ångström"), account: pdfAccount(), payUrl: null }, provider);
    expect(provider.requested).toEqual([]);

    const hebrew = recordingProvider(shippedFonts());
    await renderInvoicePdf({ invoice: invoiceFor("עברית"), account: pdfAccount(), payUrl: null }, hebrew);
    expect(hebrew.requested.sort()).toEqual(["hebrew-bold/00", "hebrew/00"]);

    const polish = recordingProvider(shippedFonts());
    await renderInvoicePdf({ invoice: invoiceFor("Łódź"), account: pdfAccount(), payUrl: null }, polish);
    expect(polish.requested.sort()).toEqual(["sans-bold/00", "sans/00"]);
  });

  it("loads only the chunks the characters fall into, not whole fonts", async () => {
    const provider = recordingProvider(shippedFonts());
    const bytes = await renderInvoicePdf({ invoice: invoiceFor("東京 Київ"), account: pdfAccount(), payUrl: null }, provider);
    // Latin (the primary), Cyrillic, and the CJK chunks holding 東 and 京; regular and bold where both exist.
    expect(provider.requested.sort()).toEqual(["cjk/100", "cjk/28", "sans-bold/00", "sans-bold/01", "sans/00", "sans/01"]);
    expect((await pdfPages(bytes)).pages.join("\n")).toContain("東京 Київ line 1");
  });

  it("fails with the retryable error, rather than printing '?', when a face the text needs cannot be loaded", async () => {
    for (const provider of [fontsMissing(/\/cjk\//), fontsMissing(/\/sans\//, 503), noFonts]) {
      const render = renderInvoicePdf({ invoice: invoiceFor("東京 Łódź"), account: pdfAccount(), payUrl: null }, provider);
      await expect(render).rejects.toBeInstanceOf(FontUnavailableError);
      await expect(render).rejects.toMatchObject({ code: "pdf_font_unavailable" });
    }
  });

  it("needs no font at all for WinAnsi Latin, so such an invoice renders even without fonts", async () => {
    const bytes = await renderInvoicePdf({ invoice: invoiceFor("Zoë Ångström"), account: pdfAccount(), payUrl: null }, noFonts);
    expect((await pdfPages(bytes)).pages.join("\n")).toContain("Zoë Ångström line 1");
  });
});

function isSpace(codePoints: number[]): boolean {
  return codePoints.length === 0 || codePoints.every((cp) => /\s/.test(String.fromCodePoint(cp)));
}
