import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalAmount, ratePercent } from "../../../src/domain/e-invoice/amounts";
import { buildEInvoice } from "../../../src/domain/e-invoice/build";
import { currencyExponent } from "../../../src/domain/money";
import type { Discount, Invoice } from "../../../src/domain/types";
import { toCii } from "../../../src/services/e-invoice/cii";
import { toUbl } from "../../../src/services/e-invoice/ubl";
import { account, customer, invoice } from "./fixtures";
import { readXml, value } from "./read-xml";

/*
 * Random invoices (1–500 lines, rates from the EU's, quantities with up to 4 decimals,
 * discounts) priced by the API's own rule and written as UBL and CII: every total in both
 * XMLs, read back with a real parser, is the API's number, and each VAT category's tax is its
 * taxable base × rate rounded once (BR-CO-17), exactly.
 */

const RATES = [0, 0.05, 0.055, 0.07, 0.1, 0.19, 0.2, 0.21, 0.25];

const lineArb = fc.record({
  quantity: fc.integer({ min: 1, max: 2_000_000 }).map((q) => q / 10_000),
  // Mostly charges, some credit lines (negative prices, written as negative quantities: BR-27).
  unit_price: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -100_000, max: -1 }) }),
  tax_rate: fc.constantFrom(...RATES),
});
const discountArb: fc.Arbitrary<Discount | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 1_000_000 }).map((percent) => ({ type: "percent" as const, percent: percent / 10_000 })),
  fc.integer({ min: 0, max: 5_000 }).map((amount) => ({ type: "amount" as const, amount })),
);

type GenLine = { quantity: number; unit_price: number; tax_rate: number };

/** Priced by the API's own rule (fixtures.ts), for a German buyer with a VAT id. */
const priced = (lines: GenLine[], discount: Discount | null, currency: string): Invoice =>
  invoice(
    lines.map((l, i) => ({ description: `Line ${i + 1}`, ...l })),
    { discount, currency, customer: customer() },
  );

describe("API totals and XML totals are the same numbers", () => {
  it("for random invoices of 1–500 lines, in UBL and CII, and BR-CO-17 holds exactly per category", () => {
    const seller = account();
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 500 }), discountArb, fc.constantFrom("EUR", "JPY"), (lines, discount, currency) => {
        let inv: Invoice;
        try {
          inv = priced(lines, discount, currency);
        } catch {
          return; // an amount discount above the subtotal is refused at input
        }
        const exponent = currencyExponent(currency);
        const amount = (minor: number) => decimalAmount(minor, exponent);
        const doc = buildEInvoice({ kind: "invoice", invoice: inv, account: seller });
        const ubl = readXml(toUbl(doc));
        const cii = readXml(toCii(doc));
        const totals = "cac:LegalMonetaryTotal";
        expect(value(ubl, `${totals}/cbc:LineExtensionAmount`)).toBe(amount(inv.subtotal));
        expect(value(ubl, `${totals}/cbc:TaxExclusiveAmount`)).toBe(amount(inv.subtotal - inv.discount_amount));
        expect(value(ubl, `${totals}/cbc:TaxInclusiveAmount`)).toBe(amount(inv.total_amount));
        expect(value(ubl, `${totals}/cbc:PayableAmount`)).toBe(amount(inv.total_amount));
        expect(value(ubl, "cac:TaxTotal/cbc:TaxAmount")).toBe(amount(inv.tax_amount));
        const sum = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation";
        expect(value(cii, `${sum}/ram:LineTotalAmount`)).toBe(amount(inv.subtotal));
        expect(value(cii, `${sum}/ram:TaxBasisTotalAmount`)).toBe(amount(inv.subtotal - inv.discount_amount));
        expect(value(cii, `${sum}/ram:TaxTotalAmount`)).toBe(amount(inv.tax_amount));
        expect(value(cii, `${sum}/ram:GrandTotalAmount`)).toBe(amount(inv.total_amount));
        expect(value(cii, `${sum}/ram:DuePayableAmount`)).toBe(amount(inv.total_amount));

        // Each category's tax: its base × rate, rounded once, as the API charged it.
        let taxSum = 0;
        for (const group of doc.vatBreakdown) {
          taxSum += group.taxAmount;
          if (group.category !== "S") {
            expect(group.taxAmount).toBe(0);
            continue;
          }
          const rate = BigInt(Math.round(Number(group.ratePercent) * 10_000)); // percent with 4 places
          const exact = BigInt(group.taxableAmount) * rate;
          const scale = 1_000_000n;
          const rounded = Number((exact + (exact >= 0n ? scale / 2n : -scale / 2n)) / scale);
          expect(group.taxAmount).toBe(rounded);
          expect(RATES.map(ratePercent)).toContain(group.ratePercent);
        }
        expect(taxSum).toBe(inv.tax_amount);
        // BR-27: no net price is negative; the line's amount is what the API says.
        for (const [i, line] of doc.lines.entries()) {
          expect(line.netPrice).toBeGreaterThanOrEqual(0);
          expect(line.netAmount).toBe(inv.line_items[i]!.amount);
        }
      }),
      { numRuns: 40 },
    );
  });
});
