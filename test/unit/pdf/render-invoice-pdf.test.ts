import { describe, expect, it } from "vitest";
import { formatMoney } from "../../../src/domain/money";
import { renderInvoicePdf } from "../../../src/services/pdf";
import { pdfAccount, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";
import { recordingProvider, shippedFonts } from "../../helpers/pdf-fonts";
import { pdfFonts, pdfPages, uncompressedPdf } from "../../helpers/pdf-reading";

const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

const now = new Date("2026-11-02T10:00:00Z");

// The first parse loads pdf.js into the isolate, which takes seconds.
describe("renderInvoicePdf", { timeout: 60_000 }, () => {
  it("prints the number, customer, dates and totals as text", async () => {
    const invoice = pdfInvoice(pdfLines(10), { amount_paid: 10_000 });
    invoice.amount_due = invoice.total_amount - 10_000;
    const bytes = await renderInvoicePdf({ invoice, account: pdfAccount(), payUrl: "https://invoices.test/pay/tok_abc", now }, shippedFonts());
    const { pages } = await pdfPages(bytes);
    const text = pages.join("\n");

    expect(text).toContain("INV-2026-0042");
    expect(text).toContain("Acme Corporation");
    expect(text).toContain("PO-7781");
    expect(text).toContain("Q4 retainer");
    expect(text).toContain("Nov 2, 2026");
    expect(text).toContain("Dec 2, 2026");
    expect(text).toContain("Oct 1, 2026 – Oct 31, 2026");
    for (const amount of [invoice.subtotal, invoice.tax_amount, invoice.total_amount, invoice.amount_due])
      expect(text).toContain(formatMoney(amount, "USD", "en-US"));
    expect(text).toContain(formatMoney(-10_000, "USD", "en-US"));
    expect(text).toContain("https://invoices.test/pay/tok_abc");
    expect(text).toContain("Thank you for your business.");
    expect(text).toContain("Project Atlas, phase 2.");
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it("sets title, author, creator and creation date", async () => {
    const bytes = await renderInvoicePdf({ invoice: pdfInvoice(pdfLines(2)), account: pdfAccount(), payUrl: null, now }, shippedFonts());
    const { info } = await pdfPages(bytes);
    expect(info.Title).toBe("Invoice INV-2026-0042");
    expect(info.Author).toBe("Stateset");
    expect(info.Creator).toMatch(/edge-invoicing/);
    expect(info.Producer).toMatch(/edge-invoicing/);
    expect(info.CreationDate).toBe("D:20261102100000Z");
  });

  it("renders a Latin-only invoice with Helvetica, asking for no font at all", async () => {
    const provider = recordingProvider(shippedFonts());
    const bytes = await renderInvoicePdf({ invoice: pdfInvoice(pdfLines(3)), account: pdfAccount(), payUrl: null, now }, provider);
    expect(provider.requested).toEqual([]);
    const fonts = await pdfFonts(bytes);
    expect(fonts.baseFonts.sort()).toEqual(["/Helvetica", "/Helvetica-Bold"]);
    expect(fonts.embedded).toBe(false);
  });

  it("formats amounts for the currency and locale", async () => {
    const invoice = pdfInvoice(pdfLines(2), { currency: "EUR" });
    const bytes = await renderInvoicePdf({ invoice, account: pdfAccount(), payUrl: null, now, locale: "de-DE" }, shippedFonts());
    const text = (await pdfPages(bytes)).pages.join("\n");
    expect(text).toContain(formatMoney(invoice.total_amount, "EUR", "de-DE").replace(/\u00a0/g, " "));
    expect(text).toContain("IBAN");
    expect(text).toContain("DE89370400440532013000");
    expect(text).not.toContain("Routing number");
  });

  it.each([
    ["draft", null, "DRAFT"],
    ["voided", "INV-2026-0042", "VOID"],
    ["paid", "INV-2026-0042", "PAID"],
  ] as const)("marks a %s invoice %s", async (status, number, stamp) => {
    const invoice = pdfInvoice(pdfLines(2), { status, invoice_number: number });
    const bytes = await renderInvoicePdf({ invoice, account: pdfAccount(), payUrl: "https://invoices.test/pay/x", now }, shippedFonts());
    const { pages, info } = await pdfPages(bytes);
    expect(pages[0]).toContain(stamp);
    if (stamp === "DRAFT") expect(info.Title).toBe("Draft invoice");
    // Nothing to pay on a draft, a voided or a paid invoice.
    expect(pages.join("\n")).not.toContain("https://invoices.test/pay/x");
  });

  it("embeds a PNG logo when given one, and ignores bytes that are not an image", async () => {
    const png = Uint8Array.from(atob(ONE_PIXEL_PNG), (c) => c.charCodeAt(0));
    const args = { invoice: pdfInvoice(pdfLines(2)), account: pdfAccount(), payUrl: null, now };
    const withLogo = await uncompressedPdf(await renderInvoicePdf({ ...args, logo: png }, shippedFonts()));
    expect(withLogo).toContain("/Subtype /Image");
    const junk = await renderInvoicePdf({ ...args, logo: new TextEncoder().encode("<svg/>") }, shippedFonts());
    expect(await uncompressedPdf(junk)).not.toContain("/Subtype /Image");
    expect((await pdfPages(junk)).pages[0]).toContain("INV-2026-0042");
  });

  it("does not mark an open invoice", async () => {
    const bytes = await renderInvoicePdf({ invoice: pdfInvoice(pdfLines(2)), account: pdfAccount(), payUrl: null, now }, shippedFonts());
    const text = (await pdfPages(bytes)).pages.join("\n");
    expect(text).not.toMatch(/DRAFT|VOID|PAID/);
  });
});
