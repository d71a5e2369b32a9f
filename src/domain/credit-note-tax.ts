import { isTaxed } from "./e-invoice/tax-category";
import { divideRounded, RATE_PLACES, type RoundingMode } from "./money";
import type { TaxCategory } from "./types";

/** A credited part of one invoice line, as far as its tax is concerned. */
export type CreditedPart = {
  /** The part's amount less its share of the invoice discount. */
  taxable: number;
  /** Scaled by 10^RATE_PLACES. */
  rate: bigint;
  category: TaxCategory;
  /** Whether the note credits the last of the line. */
  completes: boolean;
  /** The line's tax that earlier notes left uncredited. */
  taxLeft: number;
};

const SCALE = 10n ** BigInt(RATE_PLACES);

/**
 * Each part's tax, by the invoice's rule (BR-CO-17: a VAT category's tax is its taxable amount
 * × its rate, rounded once), so a note's e-invoice holds as its invoice's does: per taxed
 * (category, rate) group the note credits round(Σ taxable × rate).
 *
 * Two limits keep all notes together from crediting more tax than was invoiced, to the unit:
 * a part that credits the last of its line takes exactly what is left of the line's tax, and no
 * other part takes more than is left of its line's (nor less than nothing). The group's other
 * parts carry what the completing ones leave of the group's tax, within those limits; only
 * when they cannot does the group's tax differ from its rounded product, by as little as the
 * limits allow: round(Σ taxable × rate) clamped to [Σ lower limits, Σ upper limits].
 * Untaxed parts credit no tax, except the last of a line, which takes what is left (nothing).
 */
export function creditedTaxes(parts: CreditedPart[], rounding: RoundingMode): number[] {
  const taxes = parts.map((p) => (p.completes ? p.taxLeft : 0));
  const groups = new Map<string, number[]>();
  parts.forEach((p, i) => {
    if (!isTaxed(p.category)) return;
    const key = `${p.category} ${p.rate}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const members of groups.values()) {
    const exact = (i: number) => BigInt(parts[i]!.taxable) * parts[i]!.rate;
    const target = Number(
      divideRounded(
        members.reduce((sum, i) => sum + exact(i), 0n),
        SCALE,
        rounding,
      ),
    );
    const free = members.filter((i) => !parts[i]!.completes);
    const pinned = members.filter((i) => parts[i]!.completes).reduce((sum, i) => sum + taxes[i]!, 0);
    const limits = free.map((i) => ({ i, low: Math.min(0, parts[i]!.taxLeft), high: parts[i]!.taxLeft, exact: exact(i) }));
    const shares = withinLimits(target - pinned, limits);
    free.forEach((i, j) => {
      taxes[i] = shares[j]!;
    });
  }
  return taxes;
}

type Limited = { low: number; high: number; exact: bigint };

/**
 * `total` (clamped to what the limits allow) over parts by largest remainder of their exact
 * tax: each starts at the floor of its exact tax within its limits, then the units still to
 * give go one at a time to the largest remainders, or the units to take back come off the
 * smallest, skipping parts at a limit. Ties go to the earlier part, as on invoices.
 */
function withinLimits(total: number, parts: Limited[]): number[] {
  const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));
  const goal = clamp(
    total,
    parts.reduce((s, p) => s + p.low, 0),
    parts.reduce((s, p) => s + p.high, 0),
  );
  const floors = parts.map((p) => {
    const q = p.exact / SCALE;
    return p.exact % SCALE !== 0n && p.exact < 0n ? q - 1n : q;
  });
  const shares = parts.map((p, j) => clamp(Number(floors[j]!), p.low, p.high));
  const byRemainder = parts
    .map((p, j) => ({ j, r: p.exact - floors[j]! * SCALE }))
    .sort((a, b) => (a.r === b.r ? a.j - b.j : a.r > b.r ? -1 : 1))
    .map(({ j }) => j);
  let left = goal - shares.reduce((s, x) => s + x, 0);
  const step = left > 0 ? 1 : -1;
  const order = step > 0 ? byRemainder : [...byRemainder].reverse();
  // Each pass moves every part that is not at its limit by one unit; the goal is within the limits, so this ends.
  while (left !== 0)
    for (const j of order) {
      if (left === 0) break;
      const p = parts[j]!;
      if (step > 0 ? shares[j]! >= p.high : shares[j]! <= p.low) continue;
      shares[j]! += step;
      left -= step;
    }
  return shares;
}
