/*
 * An EN 16931 document in the norm's own terms (business terms BT-n, groups BG-n), apart from
 * either syntax: build.ts fills it from an invoice or a credit note, ubl.ts and cii.ts (in
 * src/services/e-invoice/) write it out. Amounts are integer minor units as everywhere else;
 * only the serializers turn them into decimal text, so the XML cannot carry another number
 * than the API.
 */
import type { RuleViolation } from "../errors";
import type { TaxCategory } from "../types";

/** Minor units of the document's currency. */
export type Minor = number;

export type EInvoiceAddress = {
  line1: string | null; // BT-35 / BT-50 / BT-75
  line2: string | null; // BT-36 / BT-51 / BT-76
  city: string | null; // BT-37 / BT-52 / BT-77
  postalCode: string | null; // BT-38 / BT-53 / BT-78
  subdivision: string | null; // BT-39 / BT-54 / BT-79
  /** ISO 3166-1 alpha-2 (BT-40 / BT-55 / BT-80). */
  country: string | null;
};

export type EInvoiceParty = {
  /** BT-27 seller name / BT-44 buyer name: the legal name when there is one. */
  name: string;
  /** BT-28 / BT-45 trading name, when it differs from the legal name. */
  tradingName: string | null;
  /** BT-31 / BT-48 VAT identifier, with its country prefix. */
  vatId: string | null;
  /** BT-30 / BT-47 legal registration identifier. */
  companyId: string | null;
  /** BT-34 / BT-49 electronic address: EAS scheme code and id. */
  electronicAddress: { scheme: string; id: string } | null;
  address: EInvoiceAddress;
  /** BG-6 / BG-9 contact. */
  contact: { name: string | null; email: string | null; phone: string | null } | null;
};

export type EInvoiceLine = {
  /** BT-126, unique in the document. */
  id: string;
  /** BT-153 item name. */
  name: string;
  /** BT-129 quantity, decimal text (up to 4 places). Positive on credit notes too. */
  quantity: string;
  /** BT-130 UN/ECE Rec 20 unit code. */
  unitCode: string;
  /** BT-146 net price per unit, in minor units (an integer: our prices are). */
  netPrice: Minor;
  /** BT-131 line net amount = the API's line amount (before the document discount). */
  netAmount: Minor;
  /** BT-151 VAT category and BT-152 rate as a percent in decimal text ("19", "7.5"); null for O. */
  category: TaxCategory;
  ratePercent: string | null;
  /** BT-155 seller's item id (the line's product_id). */
  sellerItemId: string | null;
  /** BT-133 buyer accounting reference (the line's account_code). */
  accountingCost: string | null;
};

/** BG-20 document level allowance: the invoice's discount, one per VAT category and rate. */
export type EInvoiceAllowance = {
  amount: Minor; // BT-92
  category: TaxCategory; // BT-95
  ratePercent: string | null; // BT-96
  reason: string; // BT-97
};

/** BG-23 VAT breakdown, one per category and rate. */
export type EInvoiceVatBreakdown = {
  category: TaxCategory; // BT-118
  ratePercent: string | null; // BT-119
  taxableAmount: Minor; // BT-116
  taxAmount: Minor; // BT-117
  exemptionReason: string | null; // BT-120
  exemptionReasonCode: string | null; // BT-121
};

export type EInvoicePaymentMeans = {
  /** BT-81 UNCL4461: 58 SEPA credit transfer, 30 credit transfer, 1 not defined. */
  code: "58" | "30" | "31" | "1";
  /** BT-84 account identifier (IBAN, or the local account number). */
  accountId: string | null;
  /** BT-85 account name. */
  accountName: string | null;
  /** BT-86 service provider identifier (BIC). */
  bic: string | null;
  /** BT-83 remittance information: the document number. */
  remittance: string | null;
};

export type EInvoiceDocument = {
  kind: "invoice" | "credit_note";
  /** BT-3: 380 commercial invoice, 381 credit note. */
  typeCode: "380" | "381";
  number: string; // BT-1
  issueDate: string; // BT-2, YYYY-MM-DD
  dueDate: string | null; // BT-9
  currency: string; // BT-5
  /** The currency's decimal places (0 or 2; 3 is refused before a document is built). */
  exponent: number;
  /** BT-10 buyer reference (Leitweg-ID): the invoice's reference. */
  buyerReference: string | null;
  /** BT-13 purchase order reference. */
  orderReference: string | null;
  /** BG-3: the invoice a credit note corrects (BT-25 number, BT-26 date). */
  precedingInvoice: { number: string; issueDate: string } | null;
  /** BG-1 notes (memo, notes). */
  notes: string[];
  /** BT-20 payment terms text. */
  paymentTerms: string | null;
  /** BG-14 invoicing period. */
  period: { start: string; end: string } | null;
  seller: EInvoiceParty;
  buyer: EInvoiceParty;
  /** BG-13 deliver-to address (the shipping address), with BT-72 none: we do not record a delivery date. */
  deliveryAddress: EInvoiceAddress | null;
  paymentMeans: EInvoicePaymentMeans | null;
  lines: EInvoiceLine[];
  allowances: EInvoiceAllowance[];
  vatBreakdown: EInvoiceVatBreakdown[];
  /** BG-22, equal to the API's numbers: BR-CO-10, -13, -14, -15, -16. */
  totals: {
    lineNet: Minor; // BT-106 = subtotal
    allowances: Minor; // BT-107 = discount_amount
    taxExclusive: Minor; // BT-109
    tax: Minor; // BT-110 = tax_amount
    taxInclusive: Minor; // BT-112 = total_amount
    prepaid: Minor; // BT-113 (the customer balance applied at finalization)
    payable: Minor; // BT-115
  };
};

/**
 * A rule the data breaks, named as the official validation artefacts name it ("BR-S-02"), with
 * the API field to fix ("account.tax_id") and what it means in plain words.
 */
export type EInvoiceRuleError = RuleViolation;
