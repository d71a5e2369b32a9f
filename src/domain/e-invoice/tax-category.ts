/*
 * A line's VAT category (EN 16931 BT-151), the one rule that decides whether a line bears tax.
 * Only standard-rated lines (S) are taxed; every other category carries a 0 % rate (Z, E, AE,
 * K, G) or none at all (O), as BR-Z-05, BR-E-05, BR-AE-05, BR-K-05, BR-G-05 and BR-O-05 require.
 */
import type { TaxCategory, TaxStatus } from "../types";

/**
 * The category a line takes when it does not name one: an exempt customer's lines are exempt
 * (E), a reverse-charge customer's are reverse charged (AE), and a taxed customer's are
 * standard rated at a positive rate, zero rated at 0.
 */
export function derivedTaxCategory(taxStatus: TaxStatus, rateIsZero: boolean): TaxCategory {
  if (taxStatus === "exempt") return "E";
  if (taxStatus === "reverse_charge") return "AE";
  return rateIsZero ? "Z" : "S";
}

export function lineTaxCategory(taxStatus: TaxStatus, rateIsZero: boolean, override: TaxCategory | null | undefined): TaxCategory {
  return override ?? derivedTaxCategory(taxStatus, rateIsZero);
}

/** Whether a line of this category bears VAT. */
export function isTaxed(category: TaxCategory): boolean {
  return category === "S";
}

/** Categories whose lines must say why no VAT is charged (BR-E-10, BR-AE-10, BR-K-10, BR-G-10, BR-O-10). */
export function needsExemptionReason(category: TaxCategory): boolean {
  return category === "E" || category === "AE" || category === "K" || category === "G" || category === "O";
}

/**
 * The reason printed when a line names none. The norm asks for a reason (text or VATEX code) on
 * every such category; these are the VATEX codes for what the category itself says.
 */
export const DEFAULT_EXEMPTION: Partial<Record<TaxCategory, { code: string; text: string }>> = {
  AE: { code: "VATEX-EU-AE", text: "Reverse charge" },
  K: { code: "VATEX-EU-IC", text: "Intra-community supply" },
  G: { code: "VATEX-EU-G", text: "Export outside the EU" },
  O: { code: "VATEX-EU-O", text: "Not subject to VAT" },
};
