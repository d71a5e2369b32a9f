import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors";
import { toMajorUnits } from "../../src/domain/money";
import { type LineInput, priceInvoice } from "../../src/domain/totals";
import type { Discount, TaxStatus } from "../../src/domain/types";

describe("priceInvoice examples", () => {
  const priced = (lines: LineInput[], opts: { discount?: Discount | null; taxStatus?: TaxStatus } = {}) =>
    priceInvoice({ lines, discount: opts.discount ?? null, taxStatus: opts.taxStatus ?? "taxed", rounding: "half_away_from_zero" });

  it("prices the seed lines: 40 × 15000 @ 0.08 and 5 × 9900", () => {
    const r = priced([
      { description: "Professional Services", quantity: 40, unit_price: 15000, tax_rate: 0.08 },
      { description: "Software License", quantity: 5, unit_price: 9900 },
    ]);
    expect(r.lines.map((l) => [l.amount, l.tax_amount])).toEqual([
      [600000, 48000],
      [49500, 0],
    ]);
    expect(r).toMatchObject({ subtotal: 649500, discount_amount: 0, tax_amount: 48000, total_amount: 697500 });
  });

  it("rounds half a minor unit away from zero", () => {
    expect(priced([{ description: "a", quantity: 1, unit_price: 5, tax_rate: 0.1 }]).tax_amount).toBe(1); // 0.5 → 1
    expect(priced([{ description: "a", quantity: 0.0001, unit_price: 5000 }]).subtotal).toBe(1); // 0.5 → 1
    expect(priced([{ description: "a", quantity: "0.0001", unit_price: 4999 }]).subtotal).toBe(0); // 0.4999 → 0
    expect(priced([{ description: "a", quantity: 0.0001, unit_price: -5000 }]).subtotal).toBe(-1); // −0.5 → −1
    expect(priced([{ description: "a", quantity: 0.0003, unit_price: 5000 }]).subtotal).toBe(2); // 1.5 → 2, not banker's
  });

  it("prices JPY (0 places) and BHD (3 places) in their minor units", () => {
    const yen = priced([{ description: "a", quantity: 3, unit_price: 333, tax_rate: 0.1 }]); // ¥999, tax 99.9
    expect([yen.subtotal, yen.tax_amount, yen.total_amount]).toEqual([999, 100, 1099]);
    expect(toMajorUnits(yen.total_amount, "JPY")).toBe("1099");
    const fils = priced([{ description: "a", quantity: 1.5, unit_price: 1255, tax_rate: 0.1 }]); // 1882.5 fils
    expect([fils.subtotal, fils.tax_amount, fils.total_amount]).toEqual([1883, 188, 2071]);
    expect(toMajorUnits(fils.total_amount, "BHD")).toBe("2.071");
  });

  it("lowers the taxable base by a discount, amount or percent", () => {
    const byAmount = priced([{ description: "a", quantity: 1, unit_price: 10000, tax_rate: 0.1 }], { discount: { type: "amount", amount: 1000 } });
    expect(byAmount).toMatchObject({ subtotal: 10000, discount_amount: 1000, tax_amount: 900, total_amount: 9900 });
    const byPercent = priced([{ description: "a", quantity: 1, unit_price: 999, tax_rate: 0.2 }], { discount: { type: "percent", percent: 12.5 } });
    // 12.5% of 999 = 124.875 → 125; tax = (999 − 125) × 0.2 = 174.8 → 175.
    expect(byPercent).toMatchObject({ subtotal: 999, discount_amount: 125, tax_amount: 175, total_amount: 1049 });
  });

  it("rounds tax once per VAT category and rate, not per line (BR-CO-17)", () => {
    // Three lines of 0.05 at 10 %: 0.005 each would round to 0.01 three times; together 0.015 → 0.02.
    const three = priced(Array.from({ length: 3 }, () => ({ description: "a", quantity: 1, unit_price: 5, tax_rate: 0.1 })));
    expect(three.tax_amount).toBe(2);
    expect(three.lines.map((l) => l.tax_amount)).toEqual([1, 1, 0]); // largest remainder, ties to the earlier line
    // 500 such lines: 5.00 line by line, 2.50 as the e-invoice's VAT breakdown computes it.
    const many = priced(Array.from({ length: 500 }, () => ({ description: "a", quantity: 1, unit_price: 5, tax_rate: 0.1 })));
    expect(many).toMatchObject({ subtotal: 2500, tax_amount: 250, total_amount: 2750 });
    // Each rate is its own group: 2 × 0.05 at 10 % → 0.01, 2 × 0.05 at 30 % → 0.03.
    const two = priced([
      { description: "a", quantity: 1, unit_price: 5, tax_rate: 0.1 },
      { description: "b", quantity: 1, unit_price: 5, tax_rate: 0.3 },
      { description: "c", quantity: 1, unit_price: 5, tax_rate: 0.1 },
      { description: "d", quantity: 1, unit_price: 5, tax_rate: 0.3 },
    ]);
    expect(two.lines.map((l) => l.tax_amount)).toEqual([1, 2, 0, 1]);
    expect(two.tax_amount).toBe(4);
  });

  it("gives each line its category, named or derived, and taxes only S", () => {
    const r = priced([
      { description: "a", quantity: 1, unit_price: 1000, tax_rate: 0.2 },
      { description: "b", quantity: 1, unit_price: 1000 },
      { description: "c", quantity: 1, unit_price: 1000, tax_category: "E", tax_exemption_reason: "Medical care" },
      { description: "d", quantity: 1, unit_price: 1000, tax_category: "K", tax_exemption_reason_code: "VATEX-EU-IC" },
    ]);
    expect(r.lines.map((l) => [l.tax_category, l.tax_category_override, l.tax_amount, l.unit_code])).toEqual([
      ["S", null, 200, "C62"],
      ["Z", null, 0, "C62"],
      ["E", "E", 0, "C62"],
      ["K", "K", 0, "C62"],
    ]);
    expect(r.lines[2]!.tax_exemption_reason).toBe("Medical care");
    const exempt = priced([{ description: "a", quantity: 1, unit_price: 1000, tax_rate: 0.2 }], { taxStatus: "exempt" });
    expect(exempt.lines[0]).toMatchObject({ tax_category: "E", tax_amount: 0 });
    // A standard-rated line named on an exempt customer's invoice is taxed.
    const named = priced([{ description: "a", quantity: 1, unit_price: 1000, tax_rate: 0.2, tax_category: "S" }], { taxStatus: "exempt" });
    expect(named.lines[0]).toMatchObject({ tax_category: "S", tax_amount: 200 });
  });

  it("refuses a category its rate or exemption reason contradicts, naming the rule", () => {
    const refusal = (line: Partial<LineInput>) => {
      try {
        priced([
          { description: "ok", quantity: 1, unit_price: 1 },
          { description: "a", quantity: 1, unit_price: 100, ...line },
        ]);
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        return [(err as DomainError).param, (err as DomainError).message];
      }
      throw new Error("did not throw");
    };
    expect(refusal({ tax_category: "S" })).toEqual(["line_items.1.tax_rate", expect.stringContaining("BR-S-05")]);
    expect(refusal({ tax_category: "Z", tax_rate: 0.1 })).toEqual(["line_items.1.tax_rate", expect.stringContaining("BR-Z-05")]);
    expect(refusal({ tax_category: "E", tax_rate: 0.1 })).toEqual(["line_items.1.tax_rate", expect.stringContaining("BR-E-05")]);
    expect(refusal({ tax_category: "AE", tax_rate: 0.1 })).toEqual(["line_items.1.tax_rate", expect.stringContaining("BR-AE-05")]);
    expect(refusal({ tax_category: "K", tax_rate: 0.1 })).toEqual(["line_items.1.tax_rate", expect.stringContaining("BR-IC-05")]);
    expect(refusal({ tax_category: "G", tax_rate: 0.1 })).toEqual(["line_items.1.tax_rate", expect.stringContaining("BR-G-05")]);
    expect(refusal({ tax_category: "O", tax_rate: 0.1 })).toEqual(["line_items.1.tax_rate", expect.stringContaining("BR-O-05")]);
    expect(refusal({ tax_rate: 0.1, tax_exemption_reason: "why" })).toEqual(["line_items.1.tax_exemption_reason", expect.stringContaining("BR-S-10")]);
    expect(refusal({ tax_exemption_reason_code: "VATEX-EU-132-1I" })).toEqual(["line_items.1.tax_exemption_reason_code", expect.stringContaining("BR-Z-10")]);
  });

  it("charges exempt and reverse-charge customers no tax", () => {
    for (const taxStatus of ["exempt", "reverse_charge"] as const)
      expect(priced([{ description: "a", quantity: 40, unit_price: 15000, tax_rate: 0.08 }], { taxStatus })).toMatchObject({
        tax_amount: 0,
        total_amount: 600000,
      });
  });

  it("refuses what it cannot price exactly, naming the field", () => {
    const param = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        return (err as DomainError).param;
      }
      throw new Error("did not throw");
    };
    expect(param(() => priced([{ description: "a", quantity: 0.00001, unit_price: 1 }]))).toBe("line_items.0.quantity");
    expect(
      param(() =>
        priced([
          { description: "a", quantity: 1, unit_price: 1 },
          { description: "b", quantity: 1, unit_price: 1, tax_rate: 1.5 },
        ]),
      ),
    ).toBe("line_items.1.tax_rate");
    expect(param(() => priced([{ description: "a", quantity: 1, unit_price: 1.5 }]))).toBe("line_items.0.unit_price");
    expect(param(() => priced([{ description: "a", quantity: 1e9, unit_price: 1e15 }]))).toBe("line_items.0.quantity");
    expect(param(() => priced([{ description: "a", quantity: 1, unit_price: 100 }], { discount: { type: "amount", amount: 101 } }))).toBe("discount.amount");
    expect(param(() => priced([{ description: "a", quantity: 1, unit_price: 100 }], { discount: { type: "percent", percent: 100.5 } }))).toBe(
      "discount.percent",
    );
    const big = Number.MAX_SAFE_INTEGER;
    expect(
      param(() =>
        priced([
          { description: "a", quantity: 1, unit_price: big },
          { description: "b", quantity: 1, unit_price: 1 },
        ]),
      ),
    ).toBe("line_items");
    // Credit lines below −2^53 with a 100% discount would leave a small total over a wrong subtotal.
    const credits = [
      { description: "a", quantity: 1, unit_price: -big },
      { description: "b", quantity: 1, unit_price: -2 },
    ];
    expect(param(() => priced(credits, { discount: { type: "percent", percent: 100 } }))).toBe("line_items");
  });
});
