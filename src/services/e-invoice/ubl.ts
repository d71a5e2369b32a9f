/*
 * EN 16931 in UBL 2.1, as Peppol BIS Billing 3.0 sends it: an Invoice (380) or a CreditNote
 * (381). UBL validates children against an xsd:sequence, so every element below is written in
 * the order the UBL 2.1 schema declares it; the CEN Schematron does not check that order.
 */
import type { EInvoiceAddress, EInvoiceDocument, EInvoiceLine, EInvoiceParty, Minor } from "../../domain/e-invoice/model";
import type { TaxCategory } from "../../domain/types";
import { amountText, hasAny, PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID, rateFor, VAT_SCHEME } from "./syntax-common";
import { el, serialize, text, type XmlNode } from "./xml";

const NS = {
  Invoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  CreditNote: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
};

type Money = (name: string, minor: Minor) => XmlNode;

export function toUbl(doc: EInvoiceDocument): string {
  const credit = doc.kind === "credit_note";
  const root = credit ? "CreditNote" : "Invoice";
  const decimal = amountText(doc);
  // Every amount names its currency (BR-CL-03 reads currencyID on each).
  const money: Money = (name, minor) => el(name, { currencyID: doc.currency }, decimal(minor));

  return serialize(
    el(
      root,
      { xmlns: NS[root], "xmlns:cac": NS.cac, "xmlns:cbc": NS.cbc },
      text("cbc:CustomizationID", PEPPOL_CUSTOMIZATION_ID),
      text("cbc:ProfileID", PEPPOL_PROFILE_ID),
      text("cbc:ID", doc.number),
      text("cbc:IssueDate", doc.issueDate),
      // A UBL 2.1 CreditNote has no DueDate: BT-9 moves to PaymentMeans (UBL-CR-412 allows it there only on credit notes).
      !credit && text("cbc:DueDate", doc.dueDate),
      text(credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", doc.typeCode),
      doc.notes.map((note) => text("cbc:Note", note)),
      text("cbc:DocumentCurrencyCode", doc.currency),
      text("cbc:BuyerReference", doc.buyerReference),
      doc.period && el("cac:InvoicePeriod", null, text("cbc:StartDate", doc.period.start), text("cbc:EndDate", doc.period.end)),
      doc.orderReference && el("cac:OrderReference", null, text("cbc:ID", doc.orderReference)),
      doc.precedingInvoice &&
        el(
          "cac:BillingReference",
          null,
          el("cac:InvoiceDocumentReference", null, text("cbc:ID", doc.precedingInvoice.number), text("cbc:IssueDate", doc.precedingInvoice.issueDate)),
        ),
      el("cac:AccountingSupplierParty", null, party(doc.seller)),
      el("cac:AccountingCustomerParty", null, party(doc.buyer)),
      doc.deliveryAddress && el("cac:Delivery", null, el("cac:DeliveryLocation", null, address("cac:Address", doc.deliveryAddress))),
      paymentMeans(doc, credit),
      doc.paymentTerms && el("cac:PaymentTerms", null, text("cbc:Note", doc.paymentTerms)),
      doc.allowances.map((a) =>
        el(
          "cac:AllowanceCharge",
          null,
          text("cbc:ChargeIndicator", "false"),
          text("cbc:AllowanceChargeReason", a.reason),
          money("cbc:Amount", a.amount),
          taxCategory("cac:TaxCategory", a.category, a.ratePercent),
        ),
      ),
      el(
        "cac:TaxTotal",
        null,
        money("cbc:TaxAmount", doc.totals.tax),
        doc.vatBreakdown.map((b) =>
          el(
            "cac:TaxSubtotal",
            null,
            money("cbc:TaxableAmount", b.taxableAmount),
            money("cbc:TaxAmount", b.taxAmount),
            taxCategory("cac:TaxCategory", b.category, b.ratePercent, b.exemptionReasonCode, b.exemptionReason),
          ),
        ),
      ),
      el(
        "cac:LegalMonetaryTotal",
        null,
        money("cbc:LineExtensionAmount", doc.totals.lineNet),
        money("cbc:TaxExclusiveAmount", doc.totals.taxExclusive),
        money("cbc:TaxInclusiveAmount", doc.totals.taxInclusive),
        // BT-107 and BT-113 are optional; a 0 says nothing the absence does not.
        doc.totals.allowances !== 0 && money("cbc:AllowanceTotalAmount", doc.totals.allowances),
        doc.totals.prepaid !== 0 && money("cbc:PrepaidAmount", doc.totals.prepaid),
        money("cbc:PayableAmount", doc.totals.payable),
      ),
      doc.lines.map((line) => invoiceLine(line, credit, money)),
    ),
  );
}

function party(p: EInvoiceParty): XmlNode {
  return el(
    "cac:Party",
    null,
    p.electronicAddress && text("cbc:EndpointID", p.electronicAddress.id, { schemeID: p.electronicAddress.scheme }),
    p.tradingName && el("cac:PartyName", null, text("cbc:Name", p.tradingName)),
    address("cac:PostalAddress", p.address),
    p.vatId && el("cac:PartyTaxScheme", null, text("cbc:CompanyID", p.vatId), vatScheme()),
    // BT-27 / BT-44, the legal name, lives here in EN 16931's UBL binding (BR-06, BR-07).
    el("cac:PartyLegalEntity", null, text("cbc:RegistrationName", p.name), text("cbc:CompanyID", p.companyId)),
    p.contact &&
      hasAny(p.contact.name, p.contact.phone, p.contact.email) &&
      el("cac:Contact", null, text("cbc:Name", p.contact.name), text("cbc:Telephone", p.contact.phone), text("cbc:ElectronicMail", p.contact.email)),
  );
}

/**
 * BG-5 / BG-8 (a party's cac:PostalAddress) and BG-15 (a location's cac:Address): the country is
 * mandatory in each (BR-09, BR-11, BR-57), so the element is always written.
 */
function address(name: string, a: EInvoiceAddress): XmlNode {
  return el(
    name,
    null,
    text("cbc:StreetName", a.line1),
    text("cbc:AdditionalStreetName", a.line2),
    text("cbc:CityName", a.city),
    text("cbc:PostalZone", a.postalCode),
    text("cbc:CountrySubentity", a.subdivision),
    el("cac:Country", null, text("cbc:IdentificationCode", a.country)),
  );
}

function paymentMeans(doc: EInvoiceDocument, credit: boolean): XmlNode | null {
  const pm = doc.paymentMeans;
  if (!pm) return null;
  const account = hasAny(pm.accountId, pm.accountName, pm.bic);
  return el(
    "cac:PaymentMeans",
    null,
    text("cbc:PaymentMeansCode", pm.code),
    credit && text("cbc:PaymentDueDate", doc.dueDate),
    text("cbc:PaymentID", pm.remittance),
    account &&
      el(
        "cac:PayeeFinancialAccount",
        null,
        text("cbc:ID", pm.accountId),
        text("cbc:Name", pm.accountName),
        pm.bic && el("cac:FinancialInstitutionBranch", null, text("cbc:ID", pm.bic)),
      ),
  );
}

/** BT-95/96 (allowance), BT-118..121 (breakdown): Percent is left out for O (BR-O-05, -O-09, -O-10 read "no rate"). */
function taxCategory(name: string, category: TaxCategory, ratePercent: string | null, reasonCode?: string | null, reason?: string | null): XmlNode {
  return el(
    name,
    null,
    text("cbc:ID", category),
    text("cbc:Percent", rateFor(category, ratePercent)),
    text("cbc:TaxExemptionReasonCode", reasonCode),
    text("cbc:TaxExemptionReason", reason),
    vatScheme(),
  );
}

function vatScheme(): XmlNode {
  return el("cac:TaxScheme", null, text("cbc:ID", VAT_SCHEME));
}

function invoiceLine(line: EInvoiceLine, credit: boolean, money: Money): XmlNode {
  return el(
    credit ? "cac:CreditNoteLine" : "cac:InvoiceLine",
    null,
    text("cbc:ID", line.id),
    text(credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", line.quantity, { unitCode: line.unitCode }),
    money("cbc:LineExtensionAmount", line.netAmount),
    text("cbc:AccountingCost", line.accountingCost),
    el(
      "cac:Item",
      null,
      text("cbc:Name", line.name),
      line.sellerItemId && el("cac:SellersItemIdentification", null, text("cbc:ID", line.sellerItemId)),
      taxCategory("cac:ClassifiedTaxCategory", line.category, line.ratePercent),
    ),
    el("cac:Price", null, money("cbc:PriceAmount", line.netPrice)),
  );
}
