/*
 * The VAT category rules (BR-S, BR-Z, BR-E, BR-AE, BR-IC for K, BR-G, BR-O) and BR-CO-17, on the
 * document as it would be written. Each names the API field that decides it.
 */
import { toScaled } from "../money";
import type { TaxCategory } from "../types";
import { VATEX_CODES } from "./code-lists";
import type { SourcedLine } from "./lines";
import type { EInvoiceDocument, EInvoiceRuleError } from "./model";
import { needsExemptionReason } from "./tax-category";
import { breakdownTaxHolds, taxWithinTolerance } from "./tax-tolerance";

type Spec = {
  /** The artefact's rule prefix: K's rules are the intra-community ones, BR-IC-*. */
  prefix: string;
  label: string;
  /** -02 / -03: the seller must have a VAT id (or, for S, Z, E, AE, a tax registration id). */
  sellerVatId: boolean;
  /** -02 / -03 for AE (VAT id or legal registration id) and K (VAT id only): the buyer must be identified. */
  buyerId: "vat" | "vat_or_legal" | null;
  /** -05 / -06: the rate must be positive (S) or zero; O has none (BR-O-05, by construction). */
  rate: "positive" | "zero" | null;
  /** -09: the category's tax must be zero. */
  zeroTax: boolean;
};

const SPECS: Record<TaxCategory, Spec> = {
  S: { prefix: "BR-S", label: "standard rated", sellerVatId: true, buyerId: null, rate: "positive", zeroTax: false },
  Z: { prefix: "BR-Z", label: "zero rated", sellerVatId: true, buyerId: null, rate: "zero", zeroTax: true },
  E: { prefix: "BR-E", label: "exempt from VAT", sellerVatId: true, buyerId: null, rate: "zero", zeroTax: true },
  AE: { prefix: "BR-AE", label: "reverse charge", sellerVatId: true, buyerId: "vat_or_legal", rate: "zero", zeroTax: true },
  K: { prefix: "BR-IC", label: "intra-community supply", sellerVatId: true, buyerId: "vat", rate: "zero", zeroTax: true },
  G: { prefix: "BR-G", label: "export outside the EU", sellerVatId: true, buyerId: null, rate: "zero", zeroTax: true },
  O: { prefix: "BR-O", label: "not subject to VAT", sellerVatId: false, buyerId: null, rate: null, zeroTax: true },
};

export type VatRuleInput = { doc: EInvoiceDocument; lines: SourcedLine[]; linesPath: string };

const sign = (ratePercent: string | null) => {
  const p = ratePercent === null ? null : toScaled(ratePercent, 4);
  return p === null ? null : p > 0n ? 1 : p < 0n ? -1 : 0;
};

export function vatRules({ doc, lines, linesPath }: VatRuleInput): EInvoiceRuleError[] {
  const errors: EInvoiceRuleError[] = [];
  const add = (rule: string, field: string, message: string) => errors.push({ rule, field, message });
  const categories = [...new Set(lines.map((l) => l.line.category))];
  const inGroup = (category: TaxCategory, rate: string | null) => lines.filter((l) => l.line.category === category && l.line.ratePercent === rate);

  for (const category of categories) {
    const spec = SPECS[category];
    const { prefix, label } = spec;
    const withAllowance = doc.allowances.some((a) => a.category === category);
    const where = (n: string) => [`${prefix}-${n}`, ...(withAllowance ? [`${prefix}-${String(Number(n) + 1).padStart(2, "0")}`] : [])];

    if (spec.sellerVatId && !doc.seller.vatId)
      for (const rule of where("02"))
        add(
          rule,
          "account.tax_id",
          `Lines that are ${label} (${category}) need the seller's VAT identifier: set the account's tax_id, with its country prefix.`,
        );
    if (spec.buyerId && !doc.buyer.vatId && (spec.buyerId === "vat" || !doc.buyer.companyId))
      for (const rule of where("02"))
        add(
          rule,
          "customer.tax_id",
          spec.buyerId === "vat"
            ? `Lines that are ${label} (${category}) need the buyer's VAT identifier: set the customer's tax_id.`
            : `Lines that are ${label} (${category}) need the buyer's VAT identifier or legal registration id: set the customer's tax_id (or company_id).`,
        );

    for (const l of lines.filter((x) => x.line.category === category)) {
      const s = sign(l.line.ratePercent);
      if (spec.rate === "positive" && s !== 1)
        add(
          `${prefix}-05`,
          `${l.path}.tax_rate`,
          `A standard rated (S) line needs a VAT rate above 0: set its tax_rate, or the category that applies (Z, E, …).`,
        );
      if (spec.rate === "zero" && s !== 0)
        add(`${prefix}-05`, `${l.path}.tax_rate`, `A line that is ${label} (${category}) is charged no VAT: its tax_rate must be 0.`);
    }
    for (const a of doc.allowances.filter((x) => x.category === category)) {
      const s = sign(a.ratePercent);
      const first = inGroup(category, a.ratePercent)[0];
      const field = first ? `${first.path}.tax_rate` : linesPath;
      if ((spec.rate === "positive" && s !== 1) || (spec.rate === "zero" && s !== 0))
        add(
          `${prefix}-06`,
          field,
          `The discount on lines that are ${label} (${category}) takes their VAT rate, which must be ${spec.rate === "positive" ? "above 0" : "0"}: fix the lines' tax_rate.`,
        );
    }
  }

  for (const row of doc.vatBreakdown) {
    const spec = SPECS[row.category];
    const group = inGroup(row.category, row.ratePercent);
    const first = group[0];
    if (!first) continue;
    const what = `${spec.label} (${row.category}${row.ratePercent === null ? "" : ` ${row.ratePercent} %`})`;
    if (spec.zeroTax && row.taxAmount !== 0) {
      const taxed = group.find((l) => l.taxAmount !== 0) ?? first;
      add(
        `${spec.prefix}-09`,
        `${taxed.path}.tax_rate`,
        `Lines that are ${what} bear no VAT, but these bear ${row.taxAmount} (minor units): their tax_rate must be 0.`,
      );
    }
    if (needsExemptionReason(row.category) && !row.exemptionReason && !row.exemptionReasonCode)
      add(
        `${spec.prefix}-10`,
        `${first.invoiceLinePath}.tax_exemption_reason`,
        `Lines that are ${what} must say why no VAT is charged: set the line's tax_exemption_reason (the legal basis) or tax_exemption_reason_code (a VATEX code).`,
      );
    if (row.exemptionReasonCode && !VATEX_CODES.has(row.exemptionReasonCode)) {
      const coded = group.find((l) => l.exemptionReasonCode && !VATEX_CODES.has(l.exemptionReasonCode)) ?? group.find((l) => l.exemptionReasonCode) ?? first;
      add(
        "BR-CL-22",
        `${coded.invoiceLinePath}.tax_exemption_reason_code`,
        `"${row.exemptionReasonCode}" is not a code of the VATEX list (e.g. VATEX-EU-132-1I), and lines of one category and rate share one code: set tax_exemption_reason_code to one VATEX code.`,
      );
    }
    // The tax of each category and rate is the API's sum of its lines' tax; the norm wants it to be the rounded product.
    if (!breakdownTaxHolds(row.taxAmount, row.taxableAmount, row.ratePercent, doc.exponent))
      add(
        "BR-CO-17",
        linesPath,
        `The VAT of the lines that are ${what} (${row.taxAmount}) is not their taxable amount (${row.taxableAmount}) × the rate, rounded, within one currency unit: the lines' tax was rounded per line. Re-price the lines (or issue a corrected invoice).`,
      );
    if (row.category === "S" && row.ratePercent !== null && !taxWithinTolerance(row.taxAmount, row.taxableAmount, row.ratePercent, doc.exponent))
      add(
        "BR-S-09",
        linesPath,
        `The VAT of the standard rated lines at ${row.ratePercent} % (${row.taxAmount}) must equal their taxable amount (${row.taxableAmount}) × the rate, within one currency unit: re-price the lines.`,
      );
  }

  errors.push(...notSubjectToVat(doc, lines));
  errors.push(...intraCommunity(doc, categories));
  return errors;
}

/** O: an invoice not subject to VAT holds nothing else and names no VAT id (BR-O-02, -03, -11 … -14). */
function notSubjectToVat(doc: EInvoiceDocument, lines: SourcedLine[]): EInvoiceRuleError[] {
  const oLine = lines.find((l) => l.line.category === "O");
  if (!oLine) return [];
  const errors: EInvoiceRuleError[] = [];
  const oAllowance = doc.allowances.some((a) => a.category === "O");
  for (const rule of oAllowance ? ["BR-O-02", "BR-O-03"] : ["BR-O-02"]) {
    if (doc.seller.vatId)
      errors.push({
        rule,
        field: "account.tax_id",
        message:
          "An invoice with lines not subject to VAT (O) may name no VAT identifier, and other lines need the seller's: invoice the O lines on their own.",
      });
    if (doc.buyer.vatId)
      errors.push({
        rule,
        field: "customer.tax_id",
        message: "An invoice with lines not subject to VAT (O) may name no buyer VAT identifier: invoice the O lines on their own, where none is written.",
      });
  }
  const other = lines.find((l) => l.line.category !== "O");
  if (other) {
    const message =
      "An invoice with lines not subject to VAT (O) can hold no line of another category: put the O lines on an invoice of their own, or give them the category that applies.";
    errors.push({ rule: "BR-O-11", field: `${oLine.invoiceLinePath}.tax_category`, message });
    errors.push({ rule: "BR-O-12", field: `${other.invoiceLinePath}.tax_category`, message });
  }
  // The CII artefact's BR-O-14 (meant for charges) reads every allowance's category too, so both fire.
  if (doc.allowances.some((a) => a.category !== "O"))
    for (const rule of ["BR-O-13", "BR-O-14"])
      errors.push({
        rule,
        field: "discount",
        message: "An invoice with lines not subject to VAT (O) can have a discount on O lines only: put the O lines on an invoice of their own.",
      });
  return errors;
}

/** K: an intra-community supply names when and where it was delivered (BR-IC-11, BR-IC-12). */
function intraCommunity(doc: EInvoiceDocument, categories: TaxCategory[]): EInvoiceRuleError[] {
  if (!categories.includes("K")) return [];
  const errors: EInvoiceRuleError[] = [];
  // We record no delivery date (BT-72), so the invoicing period is the one way to say when.
  if (!doc.period)
    errors.push({
      rule: "BR-IC-11",
      field: "invoice.billing_period",
      message: "An intra-community supply (K) must say when it was delivered: set the invoice's billing_period.",
    });
  if ((doc.deliveryAddress?.country ?? "").length < 2)
    errors.push({
      rule: "BR-IC-12",
      field: "invoice.shipping_address.country",
      message: "An intra-community supply (K) must name the country it was delivered to: set the invoice's shipping_address with its country.",
    });
  return errors;
}
