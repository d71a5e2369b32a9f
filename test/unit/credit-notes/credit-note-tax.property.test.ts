import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CreditableLine, type CreditLineRequest, type PricedCreditNote, priceCreditNote } from "../../../src/domain/credit-notes";
import { DomainError } from "../../../src/domain/errors";
import { priceInvoice } from "../../../src/domain/totals";

/*
 * Random invoices, priced by priceInvoice, credited by random sequences of partial notes. Each
 * note's tax is checked against the rule written out here, not taken from the domain: per S
 * (category, rate) group, round(Σ (amount − discount) × rate), clamped to what the remainder
 * caps allow (see groupTax); and at the end no line has been credited more tax than it bore,
 * and a line credited in full exactly its tax.
 */

const ROUNDING = "half_away_from_zero" as const;
const MICRO = 1_000_000n;
const roundHalfAway = (n: bigint, d: bigint) => (n < 0n ? -((-n * 2n + d) / (2n * d)) : (n * 2n + d) / (2n * d));

const lineSpec = fc.record({
  quantity: fc.integer({ min: 1, max: 12 }),
  unit_price: fc.oneof(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 100, max: 50_000 })),
  tax_rate: fc.constantFrom(0, 0.05, 0.07, 0.19, 0.2),
  tax_category: fc.constantFrom(null, null, null, "E" as const),
});
const pick = fc.record({ line: fc.nat(), mode: fc.constantFrom("whole", "quantity", "amount"), percent: fc.integer({ min: 1, max: 100 }) });
const spec = fc.record({
  lines: fc.array(lineSpec, { minLength: 1, maxLength: 6 }),
  discountPercent: fc.constantFrom(0, 0, 5, 33),
  notes: fc.array(fc.array(pick, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
});

/**
 * A completing part (its credited amount reaches the line's) takes exactly its tax left; any
 * other takes between min(0, tax left) and its tax left. A group's tax is round(Σ taxable ×
 * rate) unless that lies outside [Σ completing tax left + Σ others' min(0, tax left),
 * Σ completing tax left + Σ others' tax left], when it is the nearer end.
 */
function checkNote(lines: CreditableLine[], note: PricedCreditNote) {
  const groups = new Map<string, { exact: bigint; low: number; high: number; tax: number }>();
  for (const part of note.lines) {
    const line = lines.find((l) => l.id === part.invoice_line_item_id)!;
    const taxLeft = line.tax_amount - line.credited.tax;
    const completes = line.credited.amount + part.amount === line.amount;
    if (completes) expect(part.tax_amount).toBe(taxLeft);
    else expect(part.tax_amount).toBeGreaterThanOrEqual(Math.min(0, taxLeft));
    expect(part.tax_amount).toBeLessThanOrEqual(taxLeft);
    if (line.tax_category !== "S") {
      if (!completes) expect(part.tax_amount).toBe(0);
      continue;
    }
    const rate = BigInt(Math.round(Number(line.tax_rate) * 1e6));
    const g = groups.get(line.tax_rate) ?? { exact: 0n, low: 0, high: 0, tax: 0 };
    g.exact += BigInt(part.amount - part.discount_amount) * rate;
    g.low += completes ? taxLeft : Math.min(0, taxLeft);
    g.high += taxLeft;
    g.tax += part.tax_amount;
    groups.set(line.tax_rate, g);
  }
  for (const g of groups.values()) expect(g.tax).toBe(Math.min(g.high, Math.max(g.low, Number(roundHalfAway(g.exact, MICRO)))));
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  expect(note.tax_amount).toBe(sum(note.lines.map((l) => l.tax_amount)));
  expect(note.total_amount).toBe(note.subtotal - note.discount_amount + note.tax_amount);
}

describe("credit note tax, property-based", () => {
  it("random partial notes: each group's tax is its rounded product within the caps, never more than was invoiced", () => {
    fc.assert(
      fc.property(spec, ({ lines: specs, discountPercent, notes }) => {
        const invoice = priceInvoice({
          lines: specs.map((l, i) => ({ description: `L${i}`, ...l, tax_rate: l.tax_category === "E" ? 0 : l.tax_rate })),
          discount: discountPercent ? { type: "percent", percent: discountPercent } : null,
          taxStatus: "taxed",
          rounding: ROUNDING,
        });
        const lines: CreditableLine[] = invoice.lines.map((l, i) => ({
          id: `li_${i}`,
          description: l.description,
          quantity: l.quantity,
          unit_price: l.unit_price,
          amount: l.amount,
          tax_rate: l.tax_rate,
          tax_amount: l.tax_amount,
          tax_category: l.tax_category,
          credited: { amount: 0, quantity: "0", discount: 0, tax: 0 },
        }));
        const ctx = { lines, invoiceDiscount: invoice.discount_amount, rounding: ROUNDING };
        for (const picks of notes) {
          const seen = new Map(picks.map((p) => [p.line % lines.length, p]));
          const requests: CreditLineRequest[] = [...seen].flatMap(([index, p]) => {
            const l = lines[index]!;
            const left = l.amount - l.credited.amount;
            if (left <= 0) return [];
            if (p.mode === "whole") return [{ invoice_line_item_id: l.id }];
            if (p.mode === "amount") return [{ invoice_line_item_id: l.id, amount: Math.max(1, Math.floor((left * p.percent) / 100)) }];
            const quantityLeft = Number(l.quantity) - Number(l.credited.quantity);
            return quantityLeft >= 1 && l.credited.amount === Number(l.credited.quantity) * l.unit_price
              ? [{ invoice_line_item_id: l.id, quantity: Math.max(1, Math.floor((quantityLeft * p.percent) / 100)) }]
              : [{ invoice_line_item_id: l.id, amount: Math.max(1, Math.floor((left * p.percent) / 100)) }];
          });
          if (requests.length === 0) continue;
          let note: PricedCreditNote;
          try {
            note = priceCreditNote({ lines: requests }, ctx);
          } catch (err) {
            // A note of parts that round to nothing credits zero: refused, and nothing changes.
            if (err instanceof DomainError && err.param === "lines") continue;
            throw err;
          }
          checkNote(lines, note);
          for (const part of note.lines) {
            const l = lines.find((x) => x.id === part.invoice_line_item_id)!;
            l.credited = {
              amount: l.credited.amount + part.amount,
              quantity: String(Number(l.credited.quantity) + Number(part.quantity ?? 0)),
              discount: l.credited.discount + part.discount_amount,
              tax: l.credited.tax + part.tax_amount,
            };
          }
        }
        for (const l of lines) {
          expect(l.credited.tax).toBeLessThanOrEqual(l.tax_amount);
          expect(l.credited.tax).toBeGreaterThanOrEqual(0);
          if (l.credited.amount === l.amount) expect(l.credited.tax).toBe(l.tax_amount);
        }
      }),
      { numRuns: 500 },
    );
  });
});
