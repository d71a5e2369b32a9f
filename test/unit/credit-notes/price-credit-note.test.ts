import { describe, expect, it } from "vitest";
import { type CreditableLine, priceCreditNote, splitCredit } from "../../../src/domain/credit-notes";

const none = { amount: 0, quantity: "0", discount: 0, tax: 0 };
/** Seed 001's lines as stored: 40 h × 150.00 at 8 %, 5 licences × 99.00 untaxed. */
const seedLines = (): CreditableLine[] => [
  {
    id: "li_1",
    description: "Professional Services",
    quantity: "40",
    unit_price: 15000,
    amount: 600000,
    tax_rate: "0.08",
    tax_amount: 48000,
    tax_category: "S",
    credited: { ...none },
  },
  {
    id: "li_2",
    description: "Software License",
    quantity: "5",
    unit_price: 9900,
    amount: 49500,
    tax_rate: "0",
    tax_amount: 0,
    tax_category: "Z",
    credited: { ...none },
  },
];
const ctx = (lines = seedLines(), invoiceDiscount = 0) => ({ lines, invoiceDiscount, rounding: "half_away_from_zero" as const });

describe("priceCreditNote", () => {
  it("credits the seed invoice's line 2 in full (49500), then 10 of the 40 hours (150000 + 12000 tax)", () => {
    const whole = priceCreditNote({ lines: [{ invoice_line_item_id: "li_2" }] }, ctx());
    expect(whole).toMatchObject({ subtotal: 49500, tax_amount: 0, total_amount: 49500 });
    expect(whole.lines[0]).toMatchObject({ quantity: "5", amount: 49500 });
    const hours = priceCreditNote({ lines: [{ invoice_line_item_id: "li_1", quantity: 10 }] }, ctx());
    expect(hours).toMatchObject({ subtotal: 150000, tax_amount: 12000, total_amount: 162000 });
  });

  it("rounds a partial note's discount on the running total, so small notes add up to the line's worth and the last is never stuck", () => {
    // 5 units of 1 with a discount of 2: worth 3. One unit at a time takes 0, 1, 0, 1, 0 of the discount.
    const lines: CreditableLine[] = [
      { id: "a", description: "x", quantity: "5", unit_price: 1, amount: 5, tax_rate: "0", tax_amount: 0, tax_category: "Z", credited: { ...none } },
    ];
    const taken: number[] = [];
    const totals: number[] = [];
    for (let unit = 0; unit < 5; unit++) {
      const line = lines[0]!;
      let note: ReturnType<typeof priceCreditNote>;
      try {
        note = priceCreditNote({ lines: [{ invoice_line_item_id: "a", amount: 1 }] }, ctx(lines, 2));
      } catch (err) {
        // A unit worth nothing after its discount share credits nothing: credit it with the next.
        expect((err as Error).message).toMatch(/more than zero/);
        note = priceCreditNote({ lines: [{ invoice_line_item_id: "a", amount: 2 }] }, ctx(lines, 2));
        unit++;
      }
      const part = note.lines[0]!;
      taken.push(part.discount_amount);
      totals.push(note.total_amount);
      line.credited = { amount: line.credited.amount + part.amount, quantity: "0", discount: line.credited.discount + part.discount_amount, tax: 0 };
    }
    expect(lines[0]!.credited).toMatchObject({ amount: 5, discount: 2 });
    expect(totals.reduce((a, b) => a + b, 0)).toBe(3);
    expect(taken.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("refuses a line already credited in full, naming it", () => {
    const lines = seedLines();
    lines[1]!.credited = { amount: 49500, quantity: "5", discount: 0, tax: 0 };
    expect(() => priceCreditNote({ lines: [{ invoice_line_item_id: "li_2" }] }, ctx(lines))).toThrow(
      expect.objectContaining({ param: "lines.0.invoice_line_item_id" }),
    );
  });

  it("gives the last part of a line exactly what is left of its tax and discount", () => {
    // 3 × 1/3 of a 100.00 line at 19 % with a 10.00 share of discount: the parts add up to the line.
    const lines: CreditableLine[] = [
      {
        id: "a",
        description: "x",
        quantity: "3",
        unit_price: 3333,
        amount: 9999,
        tax_rate: "0.19",
        tax_amount: 1710,
        tax_category: "S",
        credited: { ...none },
      },
    ];
    const c = { lines, invoiceDiscount: 999, rounding: "half_away_from_zero" as const };
    let total = 0;
    for (let i = 0; i < 3; i++) {
      const note = priceCreditNote({ lines: [{ invoice_line_item_id: "a", quantity: 1 }] }, c);
      const l = note.lines[0]!;
      lines[0]!.credited = {
        amount: lines[0]!.credited.amount + l.amount,
        quantity: String(Number(lines[0]!.credited.quantity) + 1),
        discount: lines[0]!.credited.discount + l.discount_amount,
        tax: lines[0]!.credited.tax + l.tax_amount,
      };
      total += note.total_amount;
    }
    expect(lines[0]!.credited).toEqual({ amount: 9999, quantity: "3", discount: 999, tax: 1710 });
    expect(total).toBe(9999 - 999 + 1710);
  });

  it("spreads a lump amount over the lines like the discount, each share with its line's tax", () => {
    const note = priceCreditNote({ amount: 64950 }, ctx());
    expect(note.lines.map((l) => l.amount)).toEqual([60000, 4950]);
    expect(note).toMatchObject({ subtotal: 64950, tax_amount: 4800, total_amount: 69750 });
  });

  it("refuses more than is left, zero, and both a quantity and an amount", () => {
    expect(() => priceCreditNote({ lines: [{ invoice_line_item_id: "li_1", quantity: 41 }] }, ctx())).toThrow(
      expect.objectContaining({ param: "lines.0.quantity" }),
    );
    expect(() => priceCreditNote({ lines: [{ invoice_line_item_id: "li_1", amount: 600001 }] }, ctx())).toThrow(
      expect.objectContaining({ param: "lines.0.amount" }),
    );
    expect(() => priceCreditNote({ lines: [{ invoice_line_item_id: "li_1", amount: 1, quantity: 1 }] }, ctx())).toThrow(
      expect.objectContaining({ param: "lines.0.amount" }),
    );
    expect(() => priceCreditNote({ amount: 649501 }, ctx())).toThrow(expect.objectContaining({ param: "amount" }));
    expect(() => priceCreditNote({ lines: [{ invoice_line_item_id: "li_9" }] }, ctx())).toThrow(
      expect.objectContaining({ param: "lines.0.invoice_line_item_id" }),
    );
    expect(() => priceCreditNote({}, ctx())).toThrow(expect.objectContaining({ param: "lines" }));
  });
});

describe("priceCreditNote's tax, per VAT category and rate (BR-CO-17)", () => {
  const yen = (credited: { amount: number; tax: number }[] = [none, none]): CreditableLine[] =>
    ["a", "b"].map((id, i) => ({
      id,
      description: id,
      quantity: "1",
      unit_price: 100,
      amount: 100,
      tax_rate: "0.19",
      tax_amount: 19,
      tax_category: "S",
      credited: { ...none, ...credited[i]! },
    }));
  const taxes = (note: ReturnType<typeof priceCreditNote>) => note.lines.map((l) => l.tax_amount);

  it("rounds the group's credited taxable × rate once: half of two 100 lines at 19 % is 19, not 10 + 10", () => {
    const note = priceCreditNote(
      {
        lines: [
          { invoice_line_item_id: "a", amount: 50 },
          { invoice_line_item_id: "b", amount: 50 },
        ],
      },
      ctx(yen()),
    );
    expect(taxes(note)).toEqual([10, 9]);
    expect(note).toMatchObject({ subtotal: 100, tax_amount: 19, total_amount: 119 });
  });

  it("gives a completing line its tax left and the group's other lines the rest of the group's tax", () => {
    // a: 50 credited with 10 of its 19, so 9 left (9.5 exact); b: 1 (0.19 exact). round(9.69) = 10.
    const note = priceCreditNote(
      { lines: [{ invoice_line_item_id: "a" }, { invoice_line_item_id: "b", amount: 1 }] },
      ctx(yen([{ amount: 50, tax: 10 }, none])),
    );
    expect(taxes(note)).toEqual([9, 1]);
    expect(note.tax_amount).toBe(10);
  });

  it("caps a part at its line's tax left, the group's other lines taking up the difference", () => {
    // a: 57 credited with all its 19 already, so a part of it bears nothing; b carries round(20 × 19 %) = 4.
    const lines = yen([{ amount: 57, tax: 19 }, none]);
    const note = priceCreditNote(
      {
        lines: [
          { invoice_line_item_id: "a", amount: 10 },
          { invoice_line_item_id: "b", amount: 10 },
        ],
      },
      ctx(lines),
    );
    expect(taxes(note)).toEqual([0, 4]);
    // Alone, the capped part bears nothing: the group's tax is then below its rounded product, by the cap.
    expect(taxes(priceCreditNote({ lines: [{ invoice_line_item_id: "a", amount: 10 }] }, ctx(lines)))).toEqual([0]);
  });

  it("rounds each rate apart and credits untaxed lines no tax", () => {
    const lines: CreditableLine[] = [
      ...yen(),
      { ...yen()[0]!, id: "c", tax_rate: "0.07", tax_amount: 7 },
      { ...yen()[0]!, id: "e", tax_category: "E", tax_amount: 0 },
    ];
    const note = priceCreditNote({ lines: ["a", "b", "c", "e"].map((id) => ({ invoice_line_item_id: id, amount: 50 })) }, ctx(lines));
    expect(taxes(note)).toEqual([10, 9, 4, 0]);
  });
});

describe("splitCredit", () => {
  it("takes the credit off what is due first", () => {
    expect(splitCredit(49500, { amount_due: 697500, amount_paid: 0, amount_refunded: 0 }, {})).toEqual({
      due_amount: 49500,
      refund_amount: 0,
      credit_amount: 0,
      out_of_band_amount: 0,
    });
  });

  it("asks for a split of what was already paid, adding up exactly, and refunds no more than was paid", () => {
    const paid = { amount_due: 0, amount_paid: 697500, amount_refunded: 0 };
    expect(() => splitCredit(49500, paid, {})).toThrow(expect.objectContaining({ param: "refund_amount" }));
    expect(() => splitCredit(49500, paid, { credit_amount: 40000 })).toThrow(expect.objectContaining({ param: "credit_amount" }));
    expect(splitCredit(49500, paid, { credit_amount: 40000, out_of_band_amount: 9500 })).toMatchObject({ due_amount: 0, credit_amount: 40000 });
    expect(() => splitCredit(49500, { amount_due: 0, amount_paid: 697500, amount_refunded: 660000 }, { refund_amount: 49500 })).toThrow(
      expect.objectContaining({ param: "refund_amount" }),
    );
    // Partly paid: the due part first, the rest split.
    expect(splitCredit(100, { amount_due: 30, amount_paid: 70, amount_refunded: 0 }, { refund_amount: 70 })).toMatchObject({
      due_amount: 30,
      refund_amount: 70,
    });
  });
});
