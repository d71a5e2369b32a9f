import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors";
import { currencyExponent } from "../../src/domain/money";
import { allocate, priceInvoice, type LineInput } from "../../src/domain/totals";
import type { Discount, TaxStatus } from "../../src/domain/types";

/*
 * An oracle written apart from src/domain: exact rationals as BigInt numerator/denominator,
 * rounded with floor((2|n| + d) / 2d), which is half away from zero by another route than
 * divideRounded's remainder comparison.
 */
const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const Q = 10_000n; // quantity scale (4 places)
const R = 1_000_000n; // tax rate scale (6 places)

function roundHalfAway(n: bigint, d: bigint): bigint {
  const sign = n < 0n ? -1n : 1n;
  return sign * ((2n * (n * sign) + d) / (2n * d));
}

/**
 * Largest remainder, ties to the earlier index: the documented rule, re-derived. Signs are
 * normalised first (a negative total or a negative weight sum mirrors the split), then each
 * share starts at the floor of its exact part.
 */
function oracleAllocate(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n || sum === 0n) return weights.map(() => 0n);
  if (sum < 0n)
    return oracleAllocate(
      total,
      weights.map((w) => -w),
    );
  if (total < 0n)
    return oracleAllocate(
      -total,
      weights.map((w) => -w),
    ).map((s) => -s);
  const floor = (n: bigint) => (n >= 0n ? n / sum : -((-n + sum - 1n) / sum));
  const floors = weights.map((w) => floor(total * w));
  const rems = weights.map((w, i) => ({ i, r: total * w - floors[i]! * sum }));
  let left = total - floors.reduce((a, b) => a + b, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rems) {
    if (left === 0n) break;
    floors[i]! += 1n;
    left -= 1n;
  }
  return floors;
}

/**
 * The tax rule (EN 16931 BR-CO-17), re-derived: taxed lines (a taxed customer's lines at a
 * rate above 0: category S) are grouped by rate, each group's tax is its taxable sum × rate
 * rounded once, and it is split by largest remainder over each line's exact tax.
 */
function oracleTaxes(taxables: bigint[], rates: bigint[], taxed: boolean) {
  const taxes = taxables.map(() => 0n);
  const groupTaxes: bigint[] = [];
  if (!taxed) return { taxes, groupTaxes };
  for (const rate of new Set(rates)) {
    if (rate === 0n) continue;
    const members = rates.flatMap((r, i) => (r === rate ? [i] : []));
    const exact = members.map((i) => taxables[i]! * rate);
    const groupTax = roundHalfAway(
      exact.reduce((a, b) => a + b, 0n),
      R,
    );
    groupTaxes.push(groupTax);
    const floors = exact.map((e) => (e >= 0n ? e / R : -((-e + R - 1n) / R)));
    const rems = exact.map((e, j) => ({ j, r: e - floors[j]! * R }));
    let left = groupTax - floors.reduce((a, b) => a + b, 0n);
    rems.sort((a, b) => (a.r === b.r ? a.j - b.j : a.r > b.r ? -1 : 1));
    for (const { j } of rems) {
      if (left === 0n) break;
      floors[j]! += 1n;
      left -= 1n;
    }
    members.forEach((i, j) => {
      taxes[i] = floors[j]!;
    });
  }
  return { taxes, groupTaxes };
}

type GenLine = { q: bigint; price: bigint; rate: bigint; asString: boolean };
type GenDiscount = { kind: "none" } | { kind: "amount"; raw: bigint } | { kind: "percent"; scaled: bigint };

/** Exact decimal text of a scaled integer, written here rather than borrowed from money.ts. */
function decimalText(scaled: bigint, scale: bigint): string {
  const places = scale.toString().length - 1;
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(places, "0");
  return `${whole}.${frac}`;
}

function toLineInput(l: GenLine, i: number): LineInput {
  return {
    description: `line ${i}`,
    quantity: l.asString ? decimalText(l.q, Q) : Number(l.q) / 1e4,
    unit_price: Number(l.price),
    tax_rate: l.asString ? decimalText(l.rate, R) : Number(l.rate) / 1e6,
  };
}

function oracle(lines: GenLine[], d: GenDiscount, taxStatus: TaxStatus) {
  const amounts = lines.map((l) => roundHalfAway(l.q * l.price, Q));
  const subtotal = amounts.reduce((a, b) => a + b, 0n);
  const discount = d.kind === "none" ? 0n : d.kind === "amount" ? (subtotal > 0n ? d.raw % (subtotal + 1n) : 0n) : roundHalfAway(subtotal * d.scaled, 100n * Q);
  const shares = oracleAllocate(discount, amounts);
  const taxables = amounts.map((a, i) => a - shares[i]!);
  const { taxes, groupTaxes } = oracleTaxes(
    taxables,
    lines.map((l) => l.rate),
    taxStatus === "taxed",
  );
  const tax = taxes.reduce((a, b) => a + b, 0n);
  const total = subtotal - discount + tax;
  const fits = [...amounts, subtotal, total, tax, ...groupTaxes].every((v) => v <= MAX && v >= -MAX);
  return { amounts, taxables, subtotal, discount, taxes, tax, total, fits };
}

function discountInput(d: GenDiscount, discountAmount: bigint): Discount | null {
  if (d.kind === "none") return null;
  if (d.kind === "amount") return { type: "amount", amount: Number(discountAmount) };
  return { type: "percent", percent: Number(d.scaled) / 1e4 };
}

const quantity = fc.oneof(
  fc.bigInt({ min: 0n, max: 100n * Q }), // everyday quantities, 4 places
  fc.bigInt({ min: 0n, max: 1_000_000_000n * Q }), // up to 1e9
  fc.constantFrom(1n, 5n, 5000n, 1_000_000_000n * Q),
);
const rate = fc.oneof(fc.constantFrom(0n, 80_000n, 100_000n, 200_000n, R), fc.bigInt({ min: 0n, max: R }));
const discount: fc.Arbitrary<GenDiscount> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.bigInt({ min: 0n, max: MAX }).map((raw) => ({ kind: "amount" as const, raw })),
  fc.bigInt({ min: 0n, max: 100n * Q }).map((scaled) => ({ kind: "percent" as const, scaled })),
);
const taxStatus = fc.constantFrom<TaxStatus>("taxed", "taxed", "exempt", "reverse_charge");
const currency = fc.constantFrom("JPY", "USD", "BHD");
const line = (maxPrice: bigint) => fc.record({ q: quantity, price: fc.bigInt({ min: 0n, max: maxPrice }), rate, asString: fc.boolean() });

function price(lines: GenLine[], d: GenDiscount, status: TaxStatus) {
  const o = oracle(lines, d, status);
  const run = () => priceInvoice({ lines: lines.map(toLineInput), discount: discountInput(d, o.discount), taxStatus: status, rounding: "half_away_from_zero" });
  return { o, run };
}

function expectMatchesOracle(result: ReturnType<typeof priceInvoice>, o: ReturnType<typeof oracle>) {
  const all = [result.subtotal, result.discount_amount, result.tax_amount, result.total_amount, ...result.lines.flatMap((l) => [l.amount, l.tax_amount])];
  for (const v of all) expect(Number.isSafeInteger(v), `${v} is not a safe integer`).toBe(true);
  expect(result.lines.map((l) => BigInt(l.amount))).toEqual(o.amounts);
  expect(result.lines.map((l) => BigInt(l.tax_amount))).toEqual(o.taxes);
  expect(BigInt(result.subtotal)).toBe(o.subtotal);
  expect(BigInt(result.discount_amount)).toBe(o.discount);
  expect(BigInt(result.tax_amount)).toBe(o.tax);
  expect(BigInt(result.total_amount)).toBe(o.total);
  // The identities, on the numbers the API returns, summed exactly: with credit lines a running
  // Number sum can pass 2^53 on the way to a total that fits, and round.
  const sum = (values: number[]) => values.reduce((s, v) => s + BigInt(v), 0n);
  expect(BigInt(result.subtotal)).toBe(sum(result.lines.map((l) => l.amount)));
  expect(BigInt(result.tax_amount)).toBe(sum(result.lines.map((l) => l.tax_amount)));
  expect(BigInt(result.total_amount)).toBe(BigInt(result.subtotal) - BigInt(result.discount_amount) + BigInt(result.tax_amount));
}

describe("priceInvoice properties", () => {
  it("totals add up exactly and match the oracle whenever they fit in a safe integer (JPY, USD, BHD)", () => {
    // Unit prices ≤ 1e6 minor units and ≤ 4 lines keep even 1e9 × quantities below 2^53.
    fc.assert(
      fc.property(currency, fc.array(line(1_000_000n), { minLength: 1, maxLength: 4 }), discount, taxStatus, (cur, lines, d, status) => {
        expect([0, 2, 3]).toContain(currencyExponent(cur));
        const { o, run } = price(lines, d, status);
        expect(o.fits).toBe(true);
        expectMatchesOracle(run(), o);
      }),
      { numRuns: 300 },
    );
  });

  it("beyond Number.MAX_SAFE_INTEGER answers a DomainError, never a wrong number", () => {
    fc.assert(
      fc.property(fc.array(line(10n ** 15n), { minLength: 1, maxLength: 6 }), discount, taxStatus, (lines, d, status) => {
        const { o, run } = price(lines, d, status);
        let result: ReturnType<typeof priceInvoice>;
        try {
          result = run();
        } catch (err) {
          expect(err).toBeInstanceOf(DomainError);
          expect(o.fits, `refused totals that fit: ${o.total}`).toBe(false);
          return;
        }
        expect(o.fits, `returned numbers for totals that do not fit: ${o.total}`).toBe(true);
        expectMatchesOracle(result, o);
      }),
      { numRuns: 300 },
    );
  });

  it("credit lines (negative unit prices) still give exact, integer totals or a DomainError", () => {
    const mixed = fc.record({ q: quantity, price: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), rate, asString: fc.boolean() });
    fc.assert(
      fc.property(fc.array(mixed, { minLength: 1, maxLength: 6 }), discount, taxStatus, (lines, d, status) => {
        const { o, run } = price(lines, d, status);
        let result: ReturnType<typeof priceInvoice>;
        try {
          result = run();
        } catch (err) {
          expect(err).toBeInstanceOf(DomainError);
          return;
        }
        expect(o.fits, `returned numbers for totals that do not fit: ${o.subtotal} / ${o.total}`).toBe(true);
        expectMatchesOracle(result, o);
      }),
      { numRuns: 300 },
    );
  });

  it("a running sum past 2^53 on the way to a total that fits is still exact (counterexample from CI, seed 1713131353)", () => {
    const lines: GenLine[] = [
      { q: 5000n, price: 358399876225585n, rate: 0n, asString: false },
      { q: 115487n, price: 764680393207839n, rate: 0n, asString: false },
      { q: 268n, price: -114370910864609n, rate: 0n, asString: false },
    ];
    const { o, run } = price(lines, { kind: "percent", scaled: 0n }, "taxed");
    expect(o.fits).toBe(true);
    expectMatchesOracle(run(), o);
  });

  it("rounds tax once per rate (BR-CO-17): over 1–500 lines, each rate's lines bear exactly round(Σ taxable × rate)", () => {
    const fewRates = fc.constantFrom(0n, 50_000n, 70_000n, 100_000n, 190_000n, 200_000n);
    const small = fc.record({ q: fc.bigInt({ min: 0n, max: 20n * Q }), price: fc.bigInt({ min: 0n, max: 100_000n }), rate: fewRates, asString: fc.boolean() });
    fc.assert(
      fc.property(fc.array(small, { minLength: 1, maxLength: 500 }), discount, (lines, d) => {
        const { o, run } = price(lines, d, "taxed");
        const result = run();
        expectMatchesOracle(result, o);
        for (const rate of new Set(lines.map((l) => l.rate))) {
          const members = lines.flatMap((l, i) => (l.rate === rate ? [i] : []));
          const taxable = members.reduce((s, i) => s + o.taxables[i]!, 0n);
          const borne = members.reduce((s, i) => s + BigInt(result.lines[i]!.tax_amount), 0n);
          expect(borne).toBe(roundHalfAway(taxable * rate, R));
          // Each line bears its own exact tax, rounded up or down.
          for (const i of members) {
            const exact = o.taxables[i]! * rate;
            const diff = BigInt(result.lines[i]!.tax_amount) * R - exact;
            expect(diff > -R && diff < R, `line ${i}: ${result.lines[i]!.tax_amount} for ${exact}/${R}`).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("exempt and reverse-charge customers pay no tax, whatever the rates", () => {
    fc.assert(
      fc.property(
        fc.array(line(1_000_000n), { minLength: 1, maxLength: 4 }),
        discount,
        fc.constantFrom<TaxStatus>("exempt", "reverse_charge"),
        (lines, d, status) => {
          const { o, run } = price(lines, d, status);
          const result = run();
          expect(result.tax_amount).toBe(0);
          expect(result.lines.every((l) => l.tax_amount === 0)).toBe(true);
          expect(result.total_amount).toBe(Number(o.subtotal - o.discount));
          // The rates stay on the lines for the record.
          expect(result.lines.map((l) => l.tax_rate)).toEqual(lines.map((l) => String(Number(l.rate) / 1e6)));
        },
      ),
    );
  });
});

describe("allocate", () => {
  it("splits any total over non-negative weights into shares that sum exactly, each within 1 of its exact part", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
        const shares = allocate(Number(total), weights);
        expect(shares).toHaveLength(weights.length);
        expect(shares.every(Number.isSafeInteger)).toBe(true);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(weights.some((w) => w > 0) ? Number(total) : 0);
        const sum = BigInt(weights.reduce((a, b) => a + b, 0));
        if (sum === 0n) return;
        weights.forEach((w, i) => {
          const floor = (total * BigInt(w)) / sum;
          expect(BigInt(shares[i]!) - floor).toBeGreaterThanOrEqual(0n);
          expect(BigInt(shares[i]!) - floor).toBeLessThanOrEqual(1n);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("sums exactly when credit lines make some weights negative (amount discount on a mixed invoice)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 8 }), (total, weights) => {
        const sum = weights.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0 && total <= sum);
        const shares = allocate(total, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      }),
      { numRuns: 300 },
    );
  });

  it("matches the largest-remainder oracle", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [600000, 49500])).toEqual(oracleAllocate(10n, [600000n, 49500n]).map(Number));
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(7, [0, 0])).toEqual([0, 0]);
  });
});
