/*
 * EN 16931 in UN/CEFACT CII D16B, the XML inside a Factur-X / ZUGFeRD "EN 16931" PDF: one
 * CrossIndustryInvoice for both the invoice (380) and the credit note (381). Like UBL, CII
 * declares xsd:sequences, so elements are written in the D16B order; amounts carry no
 * currencyID except the VAT total (BT-110), as the CII binding of the norm has it.
 */
import type { EInvoiceAddress, EInvoiceDocument, EInvoiceLine, EInvoiceParty, Minor } from "../../domain/e-invoice/model";
import type { TaxCategory } from "../../domain/types";
import { amountText, date102, EN16931_GUIDELINE_ID, hasAny, rateFor, VAT_SCHEME } from "./syntax-common";
import { el, serialize, text, type XmlNode } from "./xml";

const NS = {
  rsm: "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
  ram: "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
  udt: "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
  qdt: "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
};

type Money = (name: string, minor: Minor) => XmlNode;

export function toCii(doc: EInvoiceDocument): string {
  const decimal = amountText(doc);
  const money: Money = (name, minor) => el(name, null, decimal(minor));

  return serialize(
    el(
      "rsm:CrossIndustryInvoice",
      { "xmlns:rsm": NS.rsm, "xmlns:ram": NS.ram, "xmlns:udt": NS.udt, "xmlns:qdt": NS.qdt },
      el("rsm:ExchangedDocumentContext", null, el("ram:GuidelineSpecifiedDocumentContextParameter", null, text("ram:ID", EN16931_GUIDELINE_ID))),
      el(
        "rsm:ExchangedDocument",
        null,
        text("ram:ID", doc.number),
        text("ram:TypeCode", doc.typeCode),
        dateTime("ram:IssueDateTime", doc.issueDate),
        doc.notes.map((note) => note.trim() !== "" && el("ram:IncludedNote", null, text("ram:Content", note))),
      ),
      el(
        "rsm:SupplyChainTradeTransaction",
        null,
        doc.lines.map((line) => lineItem(line, money)),
        el(
          "ram:ApplicableHeaderTradeAgreement",
          null,
          text("ram:BuyerReference", doc.buyerReference),
          tradeParty("ram:SellerTradeParty", doc.seller),
          tradeParty("ram:BuyerTradeParty", doc.buyer),
          doc.orderReference && el("ram:BuyerOrderReferencedDocument", null, text("ram:IssuerAssignedID", doc.orderReference)),
        ),
        // Mandatory in the schema even when it holds nothing.
        el("ram:ApplicableHeaderTradeDelivery", null, doc.deliveryAddress && el("ram:ShipToTradeParty", null, postalAddress(doc.deliveryAddress))),
        settlement(doc, money),
      ),
    ),
  );
}

function settlement(doc: EInvoiceDocument, money: Money): XmlNode {
  const pm = doc.paymentMeans;
  const t = doc.totals;
  const decimal = amountText(doc);
  return el(
    "ram:ApplicableHeaderTradeSettlement",
    null,
    text("ram:PaymentReference", pm?.remittance),
    text("ram:InvoiceCurrencyCode", doc.currency),
    pm &&
      el(
        "ram:SpecifiedTradeSettlementPaymentMeans",
        null,
        text("ram:TypeCode", pm.code),
        hasAny(pm.accountId, pm.accountName) &&
          el(
            "ram:PayeePartyCreditorFinancialAccount",
            null,
            // BT-84 is an IBAN for SEPA (58), a local account number otherwise: CII has a field for each.
            pm.code === "58" && text("ram:IBANID", pm.accountId),
            text("ram:AccountName", pm.accountName),
            pm.code !== "58" && text("ram:ProprietaryID", pm.accountId),
          ),
        pm.bic && el("ram:PayeeSpecifiedCreditorFinancialInstitution", null, text("ram:BICID", pm.bic)),
      ),
    doc.vatBreakdown.map((b) =>
      el(
        "ram:ApplicableTradeTax",
        null,
        money("ram:CalculatedAmount", b.taxAmount),
        text("ram:TypeCode", VAT_SCHEME),
        text("ram:ExemptionReason", b.exemptionReason),
        money("ram:BasisAmount", b.taxableAmount),
        text("ram:CategoryCode", b.category),
        text("ram:ExemptionReasonCode", b.exemptionReasonCode),
        text("ram:RateApplicablePercent", rateFor(b.category, b.ratePercent)),
      ),
    ),
    doc.period && el("ram:BillingSpecifiedPeriod", null, dateTime("ram:StartDateTime", doc.period.start), dateTime("ram:EndDateTime", doc.period.end)),
    doc.allowances.map((a) =>
      el(
        "ram:SpecifiedTradeAllowanceCharge",
        null,
        el("ram:ChargeIndicator", null, text("udt:Indicator", "false")),
        money("ram:ActualAmount", a.amount),
        text("ram:Reason", a.reason),
        tradeTax("ram:CategoryTradeTax", a.category, a.ratePercent),
      ),
    ),
    (doc.paymentTerms || doc.dueDate) &&
      el("ram:SpecifiedTradePaymentTerms", null, text("ram:Description", doc.paymentTerms), doc.dueDate && dateTime("ram:DueDateDateTime", doc.dueDate)),
    el(
      "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
      null,
      money("ram:LineTotalAmount", t.lineNet),
      t.allowances !== 0 && money("ram:AllowanceTotalAmount", t.allowances),
      money("ram:TaxBasisTotalAmount", t.taxExclusive),
      // The one amount with a currency: BT-110 is the VAT total in the invoice currency (BR-CO-14 picks it by currencyID).
      el("ram:TaxTotalAmount", { currencyID: doc.currency }, decimal(t.tax)),
      money("ram:GrandTotalAmount", t.taxInclusive),
      t.prepaid !== 0 && money("ram:TotalPrepaidAmount", t.prepaid),
      money("ram:DuePayableAmount", t.payable),
    ),
    doc.precedingInvoice &&
      el(
        "ram:InvoiceReferencedDocument",
        null,
        text("ram:IssuerAssignedID", doc.precedingInvoice.number),
        el("ram:FormattedIssueDateTime", null, text("qdt:DateTimeString", date102(doc.precedingInvoice.issueDate), { format: "102" })),
      ),
  );
}

function tradeParty(name: string, p: EInvoiceParty): XmlNode {
  return el(
    name,
    null,
    text("ram:Name", p.name),
    // BT-30 and BT-28 share the legal organization in CII.
    hasAny(p.companyId, p.tradingName) &&
      el("ram:SpecifiedLegalOrganization", null, text("ram:ID", p.companyId), text("ram:TradingBusinessName", p.tradingName)),
    p.contact &&
      hasAny(p.contact.name, p.contact.phone, p.contact.email) &&
      el(
        "ram:DefinedTradeContact",
        null,
        text("ram:PersonName", p.contact.name),
        hasAny(p.contact.phone) && el("ram:TelephoneUniversalCommunication", null, text("ram:CompleteNumber", p.contact.phone)),
        hasAny(p.contact.email) && el("ram:EmailURIUniversalCommunication", null, text("ram:URIID", p.contact.email)),
      ),
    postalAddress(p.address),
    p.electronicAddress && el("ram:URIUniversalCommunication", null, text("ram:URIID", p.electronicAddress.id, { schemeID: p.electronicAddress.scheme })),
    // schemeID VA marks a VAT id (BT-31 / BT-48); FC would be a tax number (BT-32), which we do not hold.
    p.vatId && el("ram:SpecifiedTaxRegistration", null, text("ram:ID", p.vatId, { schemeID: "VA" })),
  );
}

/** BG-5 / BG-8 / BG-15; the country is mandatory in each (BR-09, BR-11, BR-57). */
function postalAddress(a: EInvoiceAddress): XmlNode {
  return el(
    "ram:PostalTradeAddress",
    null,
    text("ram:PostcodeCode", a.postalCode),
    text("ram:LineOne", a.line1),
    text("ram:LineTwo", a.line2),
    text("ram:CityName", a.city),
    text("ram:CountryID", a.country),
    text("ram:CountrySubDivisionName", a.subdivision),
  );
}

/** A category without amounts (line BG-30, allowance BT-95/96); no rate for O (BR-O-05, -O-06). */
function tradeTax(name: string, category: TaxCategory, ratePercent: string | null): XmlNode {
  return el(
    name,
    null,
    text("ram:TypeCode", VAT_SCHEME),
    text("ram:CategoryCode", category),
    text("ram:RateApplicablePercent", rateFor(category, ratePercent)),
  );
}

function dateTime(name: string, isoDate: string): XmlNode {
  return el(name, null, text("udt:DateTimeString", date102(isoDate), { format: "102" }));
}

function lineItem(line: EInvoiceLine, money: Money): XmlNode {
  return el(
    "ram:IncludedSupplyChainTradeLineItem",
    null,
    el("ram:AssociatedDocumentLineDocument", null, text("ram:LineID", line.id)),
    // D16B puts SellerAssignedID before Name in TradeProductType.
    el("ram:SpecifiedTradeProduct", null, text("ram:SellerAssignedID", line.sellerItemId), text("ram:Name", line.name)),
    el("ram:SpecifiedLineTradeAgreement", null, el("ram:NetPriceProductTradePrice", null, money("ram:ChargeAmount", line.netPrice))),
    el("ram:SpecifiedLineTradeDelivery", null, text("ram:BilledQuantity", line.quantity, { unitCode: line.unitCode })),
    el(
      "ram:SpecifiedLineTradeSettlement",
      null,
      tradeTax("ram:ApplicableTradeTax", line.category, line.ratePercent),
      el("ram:SpecifiedTradeSettlementLineMonetarySummation", null, money("ram:LineTotalAmount", line.netAmount)),
      line.accountingCost && el("ram:ReceivableSpecifiedTradeAccountingAccount", null, text("ram:ID", line.accountingCost)),
    ),
  );
}
