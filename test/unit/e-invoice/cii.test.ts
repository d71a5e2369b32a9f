import { describe, expect, it } from "vitest";
import { toCii } from "../../../src/services/e-invoice/cii";
import {
  creditNote,
  exempt,
  fractionalHours,
  HOSTILE_READ,
  hostile,
  intraCommunity,
  notSubject,
  prepaid,
  reverseCharge,
  standardTwoRates,
  yen,
} from "../../fixtures/e-invoice/documents";
import { all, childElements, childOrder, descendants, readXml, value, values } from "./read-xml";

const cii = (doc: Parameters<typeof toCii>[0]) => readXml(toCii(doc));
const tx = "rsm:SupplyChainTradeTransaction";
const agreement = `${tx}/ram:ApplicableHeaderTradeAgreement`;
const seller = `${agreement}/ram:SellerTradeParty`;
const buyer = `${agreement}/ram:BuyerTradeParty`;
const settlement = `${tx}/ram:ApplicableHeaderTradeSettlement`;
const sum = `${settlement}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;
const lineItem = `${tx}/ram:IncludedSupplyChainTradeLineItem`;

describe("toCii: an invoice", () => {
  const root = cii(standardTwoRates);

  it("is a CrossIndustryInvoice of the EN 16931 profile (BT-24), type 380", () => {
    expect(root.nodeName).toBe("rsm:CrossIndustryInvoice");
    expect(root.namespaceURI).toBe("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
    expect(value(root, "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")).toBe("urn:cen.eu:en16931:2017");
    expect(value(root, "rsm:ExchangedDocument/ram:ID")).toBe("INV-2025-0001");
    expect(value(root, "rsm:ExchangedDocument/ram:TypeCode")).toBe("380");
    expect(values(root, "rsm:ExchangedDocument/ram:IncludedNote/ram:Content")).toEqual(["Thank you for your business.", "Delivery in two parts."]);
    expect(value(root, `${settlement}/ram:InvoiceCurrencyCode`)).toBe("EUR");
  });

  it("writes dates as format 102", () => {
    const issue = all(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")[0]!;
    expect([issue.getAttribute("format"), issue.textContent]).toEqual(["102", "20250301"]);
    expect(value(root, `${settlement}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString`)).toBe("20250331");
    expect(value(root, `${settlement}/ram:SpecifiedTradePaymentTerms/ram:Description`)).toBe("Net 30 days");
  });

  it("writes the D16B sequences: transaction, settlement, party", () => {
    expect(childOrder(root)).toEqual(["rsm:ExchangedDocumentContext", "rsm:ExchangedDocument", tx]);
    expect(childOrder(all(root, tx)[0]!)).toEqual([
      "ram:IncludedSupplyChainTradeLineItem",
      "ram:ApplicableHeaderTradeAgreement",
      "ram:ApplicableHeaderTradeDelivery",
      "ram:ApplicableHeaderTradeSettlement",
    ]);
    expect(childOrder(all(root, settlement)[0]!)).toEqual([
      "ram:PaymentReference",
      "ram:InvoiceCurrencyCode",
      "ram:SpecifiedTradeSettlementPaymentMeans",
      "ram:ApplicableTradeTax",
      "ram:SpecifiedTradeAllowanceCharge",
      "ram:SpecifiedTradePaymentTerms",
      "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
    ]);
    expect(childOrder(all(root, seller)[0]!)).toEqual([
      "ram:Name",
      "ram:SpecifiedLegalOrganization",
      "ram:DefinedTradeContact",
      "ram:PostalTradeAddress",
      "ram:URIUniversalCommunication",
      "ram:SpecifiedTaxRegistration",
    ]);
    expect(childOrder(all(root, agreement)[0]!)).toEqual([
      "ram:BuyerReference",
      "ram:SellerTradeParty",
      "ram:BuyerTradeParty",
      "ram:BuyerOrderReferencedDocument",
    ]);
  });

  it("carries the totals of BG-22, with a currency on the VAT total only", () => {
    expect(value(root, `${sum}/ram:LineTotalAmount`)).toBe("1100.00");
    expect(value(root, `${sum}/ram:AllowanceTotalAmount`)).toBe("110.00");
    expect(value(root, `${sum}/ram:TaxBasisTotalAmount`)).toBe("990.00");
    expect(value(root, `${sum}/ram:TaxTotalAmount`)).toBe("177.30");
    expect(value(root, `${sum}/ram:GrandTotalAmount`)).toBe("1167.30");
    expect(value(root, `${sum}/ram:DuePayableAmount`)).toBe("1167.30");
    expect(all(root, `${sum}/ram:TotalPrepaidAmount`)).toHaveLength(0);
    expect(all(root, `${sum}/ram:TaxTotalAmount`)[0]!.getAttribute("currencyID")).toBe("EUR");
    const others = descendants(root, "Amount").filter((a) => a.nodeName !== "ram:TaxTotalAmount");
    expect(others.length).toBeGreaterThan(10);
    for (const a of others) expect(a.hasAttribute("currencyID"), a.nodeName).toBe(false);
  });

  it("breaks VAT down per rate in the TradeTax order, and the discount per rate", () => {
    const taxes = all(root, `${settlement}/ram:ApplicableTradeTax`);
    expect(
      taxes.map((t) => [value(t, "ram:CalculatedAmount"), value(t, "ram:BasisAmount"), value(t, "ram:CategoryCode"), value(t, "ram:RateApplicablePercent")]),
    ).toEqual([
      ["171.00", "900.00", "S", "19"],
      ["6.30", "90.00", "S", "7"],
    ]);
    expect(childOrder(taxes[0]!)).toEqual(["ram:CalculatedAmount", "ram:TypeCode", "ram:BasisAmount", "ram:CategoryCode", "ram:RateApplicablePercent"]);
    const allowances = all(root, `${settlement}/ram:SpecifiedTradeAllowanceCharge`);
    expect(
      allowances.map((a) => [
        value(a, "ram:ChargeIndicator/udt:Indicator"),
        value(a, "ram:ActualAmount"),
        value(a, "ram:Reason"),
        value(a, "ram:CategoryTradeTax/ram:CategoryCode"),
        value(a, "ram:CategoryTradeTax/ram:RateApplicablePercent"),
      ]),
    ).toEqual([
      ["false", "100.00", "Discount", "S", "19"],
      ["false", "10.00", "Discount", "S", "7"],
    ]);
    expect(childOrder(allowances[0]!)).toEqual(["ram:ChargeIndicator", "ram:ActualAmount", "ram:Reason", "ram:CategoryTradeTax"]);
  });

  it("maps the parties: electronic address, VAT id as VA, legal organization, contact", () => {
    const uri = all(root, `${seller}/ram:URIUniversalCommunication/ram:URIID`)[0]!;
    expect([uri.getAttribute("schemeID"), uri.textContent]).toEqual(["0088", "4035811991014"]);
    const vat = all(root, `${seller}/ram:SpecifiedTaxRegistration/ram:ID`)[0]!;
    expect([vat.getAttribute("schemeID"), vat.textContent]).toEqual(["VA", "DE123456789"]);
    expect(value(root, `${seller}/ram:Name`)).toBe("Stateset GmbH");
    expect(value(root, `${seller}/ram:SpecifiedLegalOrganization/ram:ID`)).toBe("HRB 123456");
    expect(value(root, `${seller}/ram:SpecifiedLegalOrganization/ram:TradingBusinessName`)).toBe("Stateset");
    expect(value(root, `${seller}/ram:DefinedTradeContact/ram:PersonName`)).toBe("Erika Mustermann");
    expect(value(root, `${seller}/ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber`)).toBe("+49 30 1234567");
    expect(value(root, `${seller}/ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID`)).toBe("billing@stateset.example");
    expect(childOrder(all(root, `${seller}/ram:PostalTradeAddress`)[0]!)).toEqual([
      "ram:PostcodeCode",
      "ram:LineOne",
      "ram:LineTwo",
      "ram:CityName",
      "ram:CountryID",
      "ram:CountrySubDivisionName",
    ]);
    expect(all(root, `${buyer}/ram:DefinedTradeContact`)).toHaveLength(0);
    expect(all(root, `${buyer}/ram:SpecifiedLegalOrganization`)).toHaveLength(0);
  });

  it("maps references and SEPA payment means: IBAN, account name, BIC, remittance", () => {
    expect(value(root, `${agreement}/ram:BuyerReference`)).toBe("04011000-12345-34");
    expect(value(root, `${agreement}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID`)).toBe("PO-7781");
    expect(value(root, `${settlement}/ram:PaymentReference`)).toBe("INV-2025-0001");
    const means = `${settlement}/ram:SpecifiedTradeSettlementPaymentMeans`;
    expect(value(root, `${means}/ram:TypeCode`)).toBe("58");
    expect(value(root, `${means}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID`)).toBe("DE89370400440532013000");
    expect(value(root, `${means}/ram:PayeePartyCreditorFinancialAccount/ram:AccountName`)).toBe("Stateset GmbH");
    expect(all(root, `${means}/ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID`)).toHaveLength(0);
    expect(value(root, `${means}/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID`)).toBe("COBADEFFXXX");
    expect(childElements(all(root, `${tx}/ram:ApplicableHeaderTradeDelivery`)[0]!)).toHaveLength(0);
    expect(all(root, `${settlement}/ram:InvoiceReferencedDocument`)).toHaveLength(0);
  });

  it("maps the lines (BG-25) in the line item order", () => {
    const [first, second] = all(root, lineItem);
    expect(value(first!, "ram:AssociatedDocumentLineDocument/ram:LineID")).toBe("1");
    expect(value(first!, "ram:SpecifiedTradeProduct/ram:Name")).toBe("Consulting");
    expect(value(first!, "ram:SpecifiedTradeProduct/ram:SellerAssignedID")).toBe("SKU-1");
    expect(childOrder(all(first!, "ram:SpecifiedTradeProduct")[0]!)).toEqual(["ram:SellerAssignedID", "ram:Name"]);
    expect(value(first!, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount")).toBe("100.00");
    const qty = all(first!, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")[0]!;
    expect([qty.getAttribute("unitCode"), qty.textContent]).toEqual(["C62", "10"]);
    const lineSettlement = "ram:SpecifiedLineTradeSettlement";
    expect(value(first!, `${lineSettlement}/ram:ApplicableTradeTax/ram:CategoryCode`)).toBe("S");
    expect(value(first!, `${lineSettlement}/ram:ApplicableTradeTax/ram:RateApplicablePercent`)).toBe("19");
    expect(value(first!, `${lineSettlement}/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`)).toBe("1000.00");
    expect(value(first!, `${lineSettlement}/ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID`)).toBe("4400");
    expect(all(second!, `${lineSettlement}/ram:ReceivableSpecifiedTradeAccountingAccount`)).toHaveLength(0);
    expect(all(second!, "ram:SpecifiedTradeProduct/ram:SellerAssignedID")).toHaveLength(0);
  });
});

describe("toCii: a credit note", () => {
  const root = cii(creditNote);

  it("is type 381 and names the corrected invoice (BT-25, BT-26) with a qdt date", () => {
    expect(value(root, "rsm:ExchangedDocument/ram:TypeCode")).toBe("381");
    const ref = `${settlement}/ram:InvoiceReferencedDocument`;
    expect(value(root, `${ref}/ram:IssuerAssignedID`)).toBe("INV-2025-0001");
    const date = all(root, `${ref}/ram:FormattedIssueDateTime/qdt:DateTimeString`)[0]!;
    expect([date.namespaceURI, date.getAttribute("format"), date.textContent]).toEqual([
      "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
      "102",
      "20250301",
    ]);
    expect(value(root, `${sum}/ram:DuePayableAmount`)).toBe("53.50");
    expect(value(root, `${settlement}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString`)).toBe("20250416");
  });
});

describe("toCii: VAT categories", () => {
  it("writes the exemption reason and code of AE around the basis, in TradeTax order", () => {
    const tax = all(cii(reverseCharge), `${settlement}/ram:ApplicableTradeTax`)[0]!;
    expect(childOrder(tax)).toEqual([
      "ram:CalculatedAmount",
      "ram:TypeCode",
      "ram:ExemptionReason",
      "ram:BasisAmount",
      "ram:CategoryCode",
      "ram:ExemptionReasonCode",
      "ram:RateApplicablePercent",
    ]);
    expect([
      value(tax, "ram:ExemptionReason"),
      value(tax, "ram:ExemptionReasonCode"),
      value(tax, "ram:CategoryCode"),
      value(tax, "ram:RateApplicablePercent"),
    ]).toEqual(["Reverse charge", "VATEX-EU-AE", "AE", "0"]);
    const e = all(cii(exempt), `${settlement}/ram:ApplicableTradeTax`)[0]!;
    expect(value(e, "ram:ExemptionReason")).toBe("Exempt under § 4 Nr. 21 UStG");
    expect(all(e, "ram:ExemptionReasonCode")).toHaveLength(0);
  });

  it("writes no rate at all for O", () => {
    const root = cii(notSubject);
    expect(descendants(root, "RateApplicablePercent")).toHaveLength(0);
    expect(value(root, `${lineItem}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode`)).toBe("O");
    expect(all(root, `${seller}/ram:SpecifiedTaxRegistration`)).toHaveLength(0);
  });

  it("gives K its billing period and ship-to address", () => {
    const root = cii(intraCommunity);
    const period = `${settlement}/ram:BillingSpecifiedPeriod`;
    expect([value(root, `${period}/ram:StartDateTime/udt:DateTimeString`), value(root, `${period}/ram:EndDateTime/udt:DateTimeString`)]).toEqual([
      "20250201",
      "20250228",
    ]);
    const shipTo = `${tx}/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress`;
    expect([value(root, `${shipTo}/ram:CityName`), value(root, `${shipTo}/ram:CountryID`)]).toEqual(["Lyon", "FR"]);
    expect(childOrder(all(root, settlement)[0]!)).toContain("ram:BillingSpecifiedPeriod");
    expect(childOrder(all(root, settlement)[0]!).indexOf("ram:BillingSpecifiedPeriod")).toBe(
      childOrder(all(root, settlement)[0]!).indexOf("ram:ApplicableTradeTax") + 1,
    );
  });
});

describe("toCii: numbers and accounts", () => {
  it("writes yen without decimals and a non-SEPA account as ProprietaryID", () => {
    const root = cii(yen);
    expect(value(root, `${sum}/ram:DuePayableAmount`)).toBe("3300");
    expect(value(root, `${sum}/ram:TaxTotalAmount`)).toBe("300");
    expect(all(root, `${sum}/ram:TaxTotalAmount`)[0]!.getAttribute("currencyID")).toBe("JPY");
    const account = `${settlement}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount`;
    expect(value(root, `${settlement}/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode`)).toBe("30");
    expect(value(root, `${account}/ram:ProprietaryID`)).toBe("1234567");
    expect(all(root, `${account}/ram:IBANID`)).toHaveLength(0);
    expect(childOrder(all(root, account)[0]!)).toEqual(["ram:AccountName", "ram:ProprietaryID"]);
  });

  it("keeps a fractional quantity and its unit", () => {
    const line = all(cii(fractionalHours), lineItem)[0]!;
    const qty = all(line, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")[0]!;
    expect([qty.getAttribute("unitCode"), qty.textContent]).toEqual(["HUR", "12.5"]);
    expect(value(line, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount")).toBe("120.00");
    expect(value(line, "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")).toBe("1500.00");
  });

  it("writes the prepaid amount between the grand total and what is due", () => {
    const root = cii(prepaid);
    expect(value(root, `${sum}/ram:TotalPrepaidAmount`)).toBe("38.00");
    expect(value(root, `${sum}/ram:DuePayableAmount`)).toBe("200.00");
    expect(childOrder(all(root, sum)[0]!)).toEqual([
      "ram:LineTotalAmount",
      "ram:TaxBasisTotalAmount",
      "ram:TaxTotalAmount",
      "ram:GrandTotalAmount",
      "ram:TotalPrepaidAmount",
      "ram:DuePayableAmount",
    ]);
  });
});

describe("toCii: hostile text", () => {
  const xml = toCii(hostile);
  const root = readXml(xml);

  it("round-trips every text field exactly, minus what XML 1.0 cannot carry", () => {
    const paths = [
      "rsm:ExchangedDocument/ram:ID",
      "rsm:ExchangedDocument/ram:IncludedNote/ram:Content",
      `${agreement}/ram:BuyerReference`,
      `${agreement}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID`,
      `${seller}/ram:Name`,
      `${seller}/ram:SpecifiedLegalOrganization/ram:ID`,
      `${seller}/ram:SpecifiedLegalOrganization/ram:TradingBusinessName`,
      `${seller}/ram:DefinedTradeContact/ram:PersonName`,
      `${seller}/ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber`,
      `${seller}/ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID`,
      `${seller}/ram:PostalTradeAddress/ram:PostcodeCode`,
      `${seller}/ram:PostalTradeAddress/ram:LineOne`,
      `${seller}/ram:PostalTradeAddress/ram:LineTwo`,
      `${seller}/ram:PostalTradeAddress/ram:CityName`,
      `${seller}/ram:PostalTradeAddress/ram:CountrySubDivisionName`,
      `${seller}/ram:URIUniversalCommunication/ram:URIID`,
      `${buyer}/ram:Name`,
      `${tx}/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CityName`,
      `${settlement}/ram:PaymentReference`,
      `${settlement}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:AccountName`,
      `${settlement}/ram:ApplicableTradeTax/ram:ExemptionReason`,
      `${settlement}/ram:SpecifiedTradeAllowanceCharge/ram:Reason`,
      `${settlement}/ram:SpecifiedTradePaymentTerms/ram:Description`,
      `${lineItem}/ram:AssociatedDocumentLineDocument/ram:LineID`,
      `${lineItem}/ram:SpecifiedTradeProduct/ram:SellerAssignedID`,
      `${lineItem}/ram:SpecifiedTradeProduct/ram:Name`,
      `${lineItem}/ram:SpecifiedLineTradeSettlement/ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID`,
    ];
    for (const path of paths) expect(value(root, path), path).toBe(HOSTILE_READ);
  });

  it("writes no character XML 1.0 forbids and no markup from the data", () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(xml).not.toContain("<&");
    expect(xml).toContain("🧾");
    const names = descendants(root, "ram:Name");
    expect(names.length).toBeGreaterThan(2);
    for (const n of names) expect(childElements(n)).toHaveLength(0);
  });
});
