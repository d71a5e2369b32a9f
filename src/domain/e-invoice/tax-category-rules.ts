/*
 * What a line's VAT category allows of its rate and its exemption reason, as EN 16931 states
 * it per category (BR-S-05, BR-Z-05 … and BR-S-10, BR-Z-10), so a line the API accepts can be
 * written as an e-invoice without a rule breaking. Worded as the API's 400s.
 */
import type { TaxCategory } from "../types";

const ZERO_RATE_RULES: Record<Exclude<TaxCategory, "S" | "O">, { rule: string; what: string }> = {
  Z: { rule: "BR-Z-05", what: "A zero-rated line (tax_category Z)" },
  E: { rule: "BR-E-05", what: "An exempt line (tax_category E)" },
  AE: { rule: "BR-AE-05", what: "A reverse-charge line (tax_category AE)" },
  // The norm names the rules of category K "IC" (intra-community).
  K: { rule: "BR-IC-05", what: "An intra-community supply (tax_category K)" },
  G: { rule: "BR-G-05", what: "An export outside the EU (tax_category G)" },
};

/** Why a line of `category` cannot have this rate, or null when it can. */
export function categoryRateProblem(category: TaxCategory, rateIsZero: boolean): string | null {
  if (category === "S")
    return rateIsZero
      ? "A standard-rated line (tax_category S) needs a tax_rate above 0 (EN 16931 BR-S-05); a 0 % line is zero rated (Z) or exempt (E)."
      : null;
  if (category === "O")
    return rateIsZero ? null : "A line not subject to VAT (tax_category O) carries no rate: leave tax_rate out or set it to 0 (EN 16931 BR-O-05).";
  if (rateIsZero) return null;
  const { rule, what } = ZERO_RATE_RULES[category];
  return `${what} must have tax_rate 0 (EN 16931 ${rule}).`;
}

/** Why a line of `category` cannot state an exemption reason, or null when it can. */
export function exemptionReasonProblem(category: TaxCategory): string | null {
  if (category === "S") return "A standard-rated line (tax_category S) bears VAT and states no exemption reason (EN 16931 BR-S-10).";
  if (category === "Z") return "A zero-rated line (tax_category Z) states no exemption reason (EN 16931 BR-Z-10); an exempt line is tax_category E.";
  return null;
}
