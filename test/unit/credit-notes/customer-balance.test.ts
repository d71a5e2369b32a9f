import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balanceToApply } from "../../../src/domain/customer-balance";

describe("balanceToApply", () => {
  it("takes what the balance holds, at most what is due, and never less than nothing", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e12 }), fc.integer({ min: -1e9, max: 1e12 }), (balance, due) => {
        const applied = balanceToApply(balance, due);
        expect(applied).toBeGreaterThanOrEqual(0);
        expect(applied).toBeLessThanOrEqual(Math.max(0, balance));
        expect(applied).toBeLessThanOrEqual(Math.max(0, due));
        // Everything it could take: the balance is spent, or nothing is left due.
        if (applied > 0) expect(applied === balance || applied === due).toBe(true);
      }),
    );
  });

  it("applies nothing to a zero or negative total", () => {
    expect(balanceToApply(5000, 0)).toBe(0);
    expect(balanceToApply(5000, -100)).toBe(0);
    expect(balanceToApply(5000, 1200)).toBe(1200);
    expect(balanceToApply(800, 1200)).toBe(800);
  });
});
