import { describe, expect, it } from "vitest";
import { formatMoney } from "../../../src/domain/money";
import { priceInvoice } from "../../../src/domain/totals";
import { addressLines, buildInvoiceView } from "../../../src/services/pdf/invoice-view";
import { pdfAccount, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";

const base = { account: pdfAccount(), payUrl: "https://invoices.test/pay/tok" };

describe("buildInvoiceView", () => {
  it("lists the discount with its percentage, paid and due amounts", () => {
    const invoice = pdfInvoice(pdfLines(2), { discount: { type: "percent", percent: 10 }, discount_amount: 5_000, amount_paid: 1_000 });
    const totals = Object.fromEntries(buildInvoiceView({ ...base, invoice }).totals.map((t) => [t.label, t.value]));
    expect(totals["Discount (10%)"]).toBe(formatMoney(-5_000, "USD"));
    expect(totals["Amount paid"]).toBe(formatMoney(-1_000, "USD"));
    expect(totals["Amount due"]).toBe(formatMoney(invoice.amount_due, "USD"));
  });

  it("sums tax per rate", () => {
    const invoice = pdfInvoice(pdfLines(8));
    const byRate = Object.fromEntries(buildInvoiceView({ ...base, invoice }).taxSummary.map(([rate, taxable, tax]) => [rate, [taxable, tax]]));
    const at8 = invoice.line_items.filter((l) => l.tax_rate === 0.08);
    expect(byRate["8%"]).toEqual([
      formatMoney(
        at8.reduce((s, l) => s + l.amount, 0),
        "USD",
      ),
      formatMoney(
        at8.reduce((s, l) => s + l.tax_amount, 0),
        "USD",
      ),
    ]);
    expect(byRate["0%"]?.[1]).toBe(formatMoney(0, "USD"));
  });

  it("shows the taxable base after the discount, as the domain priced it", () => {
    const priced = priceInvoice({
      lines: [{ description: "Consulting", quantity: 1, unit_price: 100_000, tax_rate: 0.19 }],
      discount: { type: "percent", percent: 10 },
      taxStatus: "taxed",
      rounding: "half_away_from_zero",
    });
    const line_items = priced.lines.map((l, i) => ({
      id: `li_${i}`,
      description: l.description,
      quantity: Number(l.quantity),
      unit_price: l.unit_price,
      amount: l.amount,
      tax_rate: Number(l.tax_rate),
      tax_amount: l.tax_amount,
      tax_category: l.tax_category,
      tax_exemption_reason: l.tax_exemption_reason,
      tax_exemption_reason_code: l.tax_exemption_reason_code,
      unit_code: l.unit_code,
    }));
    const invoice = pdfInvoice(line_items, {
      discount: { type: "percent", percent: 10 },
      discount_amount: priced.discount_amount,
      tax_amount: priced.tax_amount,
      total_amount: priced.total_amount,
    });
    const [[rate, taxable, tax]] = buildInvoiceView({ ...base, invoice }).taxSummary as [[string, string, string]];
    expect([rate, taxable, tax]).toEqual(["19%", formatMoney(90_000, "USD"), formatMoney(17_100, "USD")]);
  });

  it("hides the pay link when the invoice says so or nothing is left to pay", () => {
    expect(buildInvoiceView({ ...base, invoice: pdfInvoice(pdfLines(1)) }).payUrl).toBe(base.payUrl);
    expect(buildInvoiceView({ ...base, invoice: pdfInvoice(pdfLines(1), { payment_link_display: "HIDE_PAYMENT_LINK" }) }).payUrl).toBeNull();
    expect(buildInvoiceView({ ...base, invoice: pdfInvoice(pdfLines(1), { status: "paid" }) }).payUrl).toBeNull();
    expect(buildInvoiceView({ ...base, payUrl: "javascript:alert(1)", invoice: pdfInvoice(pdfLines(1)) }).payUrl).toBeNull();
  });

  it("states reverse charge and exemption", () => {
    expect(buildInvoiceView({ ...base, invoice: pdfInvoice(pdfLines(1), { customer_tax_status: "reverse_charge" }) }).taxNote).toMatch(/Reverse charge/);
    expect(buildInvoiceView({ ...base, invoice: pdfInvoice(pdfLines(1), { customer_tax_status: "exempt" }) }).taxNote).toMatch(/exempt/);
  });

  it("falls back to en-US for a locale tag Intl rejects", () => {
    const view = buildInvoiceView({ ...base, locale: "not a locale!", invoice: pdfInvoice(pdfLines(1)) });
    expect(view.details).toContainEqual(["Issue date", "Nov 2, 2026"]);
  });

  it("writes addresses the local way", () => {
    expect(addressLines({ line1: "1 Main St", city: "Springfield", state: "IL", postal_code: "62701", country: "US" }, "en-US")).toEqual([
      "1 Main St",
      "Springfield, IL 62701",
      "United States",
    ]);
    expect(addressLines({ line1: "ul. Piotrkowska 1", city: "Łódź", postal_code: "90-001", country: "PL" }, "en-US")).toEqual([
      "ul. Piotrkowska 1",
      "90-001 Łódź",
      "Poland",
    ]);
  });
});
