/*
 * What the UBL and the CII writer share: the norm's fixed identifiers and the way a model
 * value becomes text. Both take every amount through decimalAmount, so neither syntax can
 * round differently from the API.
 */
import { decimalAmount } from "../../domain/e-invoice/amounts";
import type { EInvoiceDocument, Minor } from "../../domain/e-invoice/model";
import type { TaxCategory } from "../../domain/types";

/** BT-24 for UBL: EN 16931 compliant, Peppol BIS Billing 3.0 customization. */
export const PEPPOL_CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
/** BT-23 for UBL: the Peppol billing process. */
export const PEPPOL_PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
/** BT-24 for CII: the bare norm, which is also the Factur-X "EN 16931" (Comfort) profile id. */
export const EN16931_GUIDELINE_ID = "urn:cen.eu:en16931:2017";

/** UNCL5153 tax scheme (UBL TaxScheme/ID, CII TypeCode): always VAT in EN 16931. */
export const VAT_SCHEME = "VAT";

/** The document's amount writer: decimal text in the currency's places. */
export function amountText(doc: EInvoiceDocument): (minor: Minor) => string {
  return (minor) => decimalAmount(minor, doc.exponent);
}

/** BR-O-05, -O-06, -O-09: "not subject to VAT" carries no rate at all, not even 0; the others carry the model's. */
export function rateFor(category: TaxCategory, ratePercent: string | null): string | null {
  return category === "O" ? null : ratePercent;
}

/** YYYY-MM-DD to the YYYYMMDD of CII's date format 102. */
export function date102(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  return isoDate.replace(/-/g, "");
}

/** Whether any of the values is worth an element: a group of only empty terms is left out whole. */
export function hasAny(...values: (string | null | undefined)[]): boolean {
  return values.some((v) => v !== null && v !== undefined && v.trim() !== "");
}
