import { describe, expect, it } from "vitest";
import { formatMoney } from "../../../src/domain/money";
import { renderInvoicePdf } from "../../../src/services/pdf";
import { ROWS_PER_CONTINUATION_PAGE } from "../../../src/services/pdf/layout";
import { pdfAccount, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";
import { shippedFonts } from "../../helpers/pdf-fonts";
import { pdfPages } from "../../helpers/pdf-reading";

const rowsOn = (page: string) => (page.match(/Item \d{3} consulting hours/g) ?? []).length;

describe("a long invoice", { timeout: 120_000 }, () => {
  it("breaks 500 lines across pages with the header and page x of y on each", async () => {
    const invoice = pdfInvoice(pdfLines(500));
    const bytes = await renderInvoicePdf({ invoice, account: pdfAccount(), payUrl: null }, shippedFonts());
    const { pages } = await pdfPages(bytes);

    // Page 1 holds the header blocks and some rows; every later page but the last is full.
    const first = rowsOn(pages[0]!);
    expect(first).toBeGreaterThan(0);
    const tablePages = 1 + Math.ceil((500 - first) / ROWS_PER_CONTINUATION_PAGE);
    // The totals and payment blocks either fit under the last rows or take one more page.
    expect([tablePages, tablePages + 1]).toContain(pages.length);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.reduce((n, p) => n + rowsOn(p), 0)).toBe(500);
    for (let i = 1; i < tablePages - 1; i++) expect(rowsOn(pages[i]!)).toBe(ROWS_PER_CONTINUATION_PAGE);

    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      if (i > 0) expect(page).toContain("INV-2026-0042 (continued)");
      if (i < tablePages) for (const heading of ["DESCRIPTION", "QTY", "UNIT PRICE", "AMOUNT"]) expect(page).toContain(heading);
    });
    expect(pages.slice(tablePages - 1).join("\n")).toContain(formatMoney(invoice.amount_due, "USD"));
    // Rows stay in order across the breaks.
    expect(pages[1]!.indexOf(`Item ${String(first + 1).padStart(3, "0")}`)).toBeGreaterThanOrEqual(0);
  });

  it("wraps long descriptions and splits one taller than a page", async () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const invoice = pdfInvoice([...pdfLines(2), ...pdfLines(1, () => long)]);
    const bytes = await renderInvoicePdf({ invoice, account: pdfAccount(), payUrl: null }, shippedFonts());
    const { pages } = await pdfPages(bytes);
    const text = pages.join("\n");
    for (const word of ["word0", "word199", "word399"]) expect(text).toContain(word);
    expect(pages.length).toBeGreaterThan(1);
  });
});
