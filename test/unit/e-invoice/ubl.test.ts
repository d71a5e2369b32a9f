import { describe, expect, it } from "vitest";
import { toUbl } from "../../../src/services/e-invoice/ubl";
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

const ubl = (doc: Parameters<typeof toUbl>[0]) => readXml(toUbl(doc));
const party = "cac:Party";
const seller = `cac:AccountingSupplierParty/${party}`;
const buyer = `cac:AccountingCustomerParty/${party}`;

describe("toUbl: an invoice", () => {
  const root = ubl(standardTwoRates);

  it("is a Peppol BIS 3 Invoice (BT-24, BT-23, BT-3)", () => {
    expect(root.nodeName).toBe("Invoice");
    expect(root.namespaceURI).toBe("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
    expect(value(root, "cbc:CustomizationID")).toBe("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0");
    expect(value(root, "cbc:ProfileID")).toBe("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
    expect(value(root, "cbc:InvoiceTypeCode")).toBe("380");
    expect(value(root, "cbc:ID")).toBe("INV-2025-0001");
    expect(value(root, "cbc:IssueDate")).toBe("2025-03-01");
    expect(value(root, "cbc:DueDate")).toBe("2025-03-31");
    expect(value(root, "cbc:DocumentCurrencyCode")).toBe("EUR");
  });

  it("writes the header in the UBL 2.1 Invoice sequence", () => {
    expect(childOrder(root)).toEqual([
      "cbc:CustomizationID",
      "cbc:ProfileID",
      "cbc:ID",
      "cbc:IssueDate",
      "cbc:DueDate",
      "cbc:InvoiceTypeCode",
      "cbc:Note",
      "cbc:DocumentCurrencyCode",
      "cbc:BuyerReference",
      "cac:OrderReference",
      "cac:AccountingSupplierParty",
      "cac:AccountingCustomerParty",
      "cac:PaymentMeans",
      "cac:PaymentTerms",
      "cac:AllowanceCharge",
      "cac:TaxTotal",
      "cac:LegalMonetaryTotal",
      "cac:InvoiceLine",
    ]);
    expect(childOrder(all(root, seller)[0]!)).toEqual([
      "cbc:EndpointID",
      "cac:PartyName",
      "cac:PostalAddress",
      "cac:PartyTaxScheme",
      "cac:PartyLegalEntity",
      "cac:Contact",
    ]);
  });

  it("carries the totals of BG-22 as the model has them", () => {
    const t = "cac:LegalMonetaryTotal";
    expect(value(root, `${t}/cbc:LineExtensionAmount`)).toBe("1100.00");
    expect(value(root, `${t}/cbc:TaxExclusiveAmount`)).toBe("990.00");
    expect(value(root, `${t}/cbc:TaxInclusiveAmount`)).toBe("1167.30");
    expect(value(root, `${t}/cbc:AllowanceTotalAmount`)).toBe("110.00");
    expect(value(root, `${t}/cbc:PayableAmount`)).toBe("1167.30");
    expect(all(root, `${t}/cbc:PrepaidAmount`)).toHaveLength(0);
    expect(value(root, "cac:TaxTotal/cbc:TaxAmount")).toBe("177.30");
  });

  it("names the currency on every amount", () => {
    const amounts = descendants(root, "Amount");
    expect(amounts.length).toBeGreaterThan(15);
    for (const a of amounts) expect(a.getAttribute("currencyID"), a.nodeName).toBe("EUR");
  });

  it("breaks VAT down per rate and splits the discount the same way (BG-23, BG-20)", () => {
    const subtotals = all(root, "cac:TaxTotal/cac:TaxSubtotal");
    expect(
      subtotals.map((s) => [
        value(s, "cbc:TaxableAmount"),
        value(s, "cbc:TaxAmount"),
        value(s, "cac:TaxCategory/cbc:ID"),
        value(s, "cac:TaxCategory/cbc:Percent"),
      ]),
    ).toEqual([
      ["900.00", "171.00", "S", "19"],
      ["90.00", "6.30", "S", "7"],
    ]);
    const allowances = all(root, "cac:AllowanceCharge");
    expect(
      allowances.map((a) => [
        value(a, "cbc:ChargeIndicator"),
        value(a, "cbc:Amount"),
        value(a, "cbc:AllowanceChargeReason"),
        value(a, "cac:TaxCategory/cbc:Percent"),
      ]),
    ).toEqual([
      ["false", "100.00", "Discount", "19"],
      ["false", "10.00", "Discount", "7"],
    ]);
    expect(values(root, "cac:AllowanceCharge/cac:TaxCategory/cac:TaxScheme/cbc:ID")).toEqual(["VAT", "VAT"]);
  });

  it("maps the parties: endpoint with scheme, trading and legal name, VAT id, registration, contact", () => {
    const endpoint = all(root, `${seller}/cbc:EndpointID`)[0]!;
    expect([endpoint.getAttribute("schemeID"), endpoint.textContent]).toEqual(["0088", "4035811991014"]);
    expect(value(root, `${seller}/cac:PartyName/cbc:Name`)).toBe("Stateset");
    expect(value(root, `${seller}/cac:PartyLegalEntity/cbc:RegistrationName`)).toBe("Stateset GmbH");
    expect(value(root, `${seller}/cac:PartyLegalEntity/cbc:CompanyID`)).toBe("HRB 123456");
    expect(value(root, `${seller}/cac:PartyTaxScheme/cbc:CompanyID`)).toBe("DE123456789");
    expect(value(root, `${seller}/cac:PartyTaxScheme/cac:TaxScheme/cbc:ID`)).toBe("VAT");
    expect(value(root, `${seller}/cac:PostalAddress/cbc:StreetName`)).toBe("Friedrichstraße 12");
    expect(value(root, `${seller}/cac:PostalAddress/cbc:CountrySubentity`)).toBe("Berlin");
    expect(value(root, `${seller}/cac:PostalAddress/cac:Country/cbc:IdentificationCode`)).toBe("DE");
    expect(value(root, `${seller}/cac:Contact/cbc:ElectronicMail`)).toBe("billing@stateset.example");
    expect(value(root, `${buyer}/cac:PartyLegalEntity/cbc:RegistrationName`)).toBe("Kunde AG");
  });

  it("leaves out what the model does not hold", () => {
    expect(all(root, `${buyer}/cac:Contact`)).toHaveLength(0);
    expect(all(root, `${buyer}/cac:PartyName`)).toHaveLength(0);
    expect(all(root, `${buyer}/cac:PostalAddress/cbc:AdditionalStreetName`)).toHaveLength(0);
    expect(all(root, `${buyer}/cac:PartyLegalEntity/cbc:CompanyID`)).toHaveLength(0);
    expect(all(root, "cac:InvoicePeriod")).toHaveLength(0);
    expect(all(root, "cac:BillingReference")).toHaveLength(0);
    expect(all(root, "cac:Delivery")).toHaveLength(0);
    expect(all(root, "cac:InvoiceLine")[1]!.getElementsByTagName("cac:SellersItemIdentification").length).toBe(0);
  });

  it("maps references, notes, payment means and terms", () => {
    expect(value(root, "cbc:BuyerReference")).toBe("04011000-12345-34");
    expect(value(root, "cac:OrderReference/cbc:ID")).toBe("PO-7781");
    expect(values(root, "cbc:Note")).toEqual(["Thank you for your business.", "Delivery in two parts."]);
    expect(value(root, "cac:PaymentMeans/cbc:PaymentMeansCode")).toBe("58");
    expect(value(root, "cac:PaymentMeans/cbc:PaymentID")).toBe("INV-2025-0001");
    expect(value(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID")).toBe("DE89370400440532013000");
    expect(value(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:Name")).toBe("Stateset GmbH");
    expect(value(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID")).toBe("COBADEFFXXX");
    expect(all(root, "cac:PaymentMeans/cbc:PaymentDueDate")).toHaveLength(0);
    expect(value(root, "cac:PaymentTerms/cbc:Note")).toBe("Net 30 days");
  });

  it("maps the lines (BG-25)", () => {
    const [first] = all(root, "cac:InvoiceLine");
    expect(value(first!, "cbc:ID")).toBe("1");
    expect(all(first!, "cbc:InvoicedQuantity")[0]!.getAttribute("unitCode")).toBe("C62");
    expect(value(first!, "cbc:InvoicedQuantity")).toBe("10");
    expect(value(first!, "cbc:LineExtensionAmount")).toBe("1000.00");
    expect(value(first!, "cbc:AccountingCost")).toBe("4400");
    expect(value(first!, "cac:Item/cbc:Name")).toBe("Consulting");
    expect(value(first!, "cac:Item/cac:SellersItemIdentification/cbc:ID")).toBe("SKU-1");
    expect(value(first!, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID")).toBe("S");
    expect(value(first!, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")).toBe("19");
    expect(value(first!, "cac:Price/cbc:PriceAmount")).toBe("100.00");
    expect(childOrder(first!)).toEqual(["cbc:ID", "cbc:InvoicedQuantity", "cbc:LineExtensionAmount", "cbc:AccountingCost", "cac:Item", "cac:Price"]);
  });
});

describe("toUbl: a credit note", () => {
  const root = ubl(creditNote);

  it("is a CreditNote with type 381 and credit note lines", () => {
    expect(root.nodeName).toBe("CreditNote");
    expect(root.namespaceURI).toBe("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2");
    expect(value(root, "cbc:CreditNoteTypeCode")).toBe("381");
    expect(all(root, "cbc:InvoiceTypeCode")).toHaveLength(0);
    expect(all(root, "cac:InvoiceLine")).toHaveLength(0);
    expect(value(root, "cac:CreditNoteLine/cbc:CreditedQuantity")).toBe("1");
    expect(value(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")).toBe("53.50");
  });

  it("names the corrected invoice (BG-3: BT-25, BT-26)", () => {
    expect(value(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID")).toBe("INV-2025-0001");
    expect(value(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate")).toBe("2025-03-01");
  });

  it("moves the due date into the payment means: a UBL 2.1 CreditNote has no DueDate", () => {
    expect(all(root, "cbc:DueDate")).toHaveLength(0);
    expect(value(root, "cac:PaymentMeans/cbc:PaymentDueDate")).toBe("2025-04-16");
    expect(childOrder(all(root, "cac:PaymentMeans")[0]!)).toEqual(["cbc:PaymentMeansCode", "cbc:PaymentDueDate", "cbc:PaymentID", "cac:PayeeFinancialAccount"]);
  });
});

describe("toUbl: VAT categories", () => {
  it("gives AE and E their exemption reasons, text and code only when there is one", () => {
    const ae = all(ubl(reverseCharge), "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory")[0]!;
    expect([value(ae, "cbc:ID"), value(ae, "cbc:Percent"), value(ae, "cbc:TaxExemptionReasonCode"), value(ae, "cbc:TaxExemptionReason")]).toEqual([
      "AE",
      "0",
      "VATEX-EU-AE",
      "Reverse charge",
    ]);
    const e = all(ubl(exempt), "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory")[0]!;
    expect(value(e, "cbc:TaxExemptionReason")).toBe("Exempt under § 4 Nr. 21 UStG");
    expect(all(e, "cbc:TaxExemptionReasonCode")).toHaveLength(0);
    expect(childOrder(ae)).toEqual(["cbc:ID", "cbc:Percent", "cbc:TaxExemptionReasonCode", "cbc:TaxExemptionReason", "cac:TaxScheme"]);
  });

  it("writes no Percent at all for O", () => {
    const root = ubl(notSubject);
    expect(descendants(root, "Percent")).toHaveLength(0);
    expect(value(root, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID")).toBe("O");
    expect(all(root, `${seller}/cac:PartyTaxScheme`)).toHaveLength(0);
  });

  it("gives K its period and deliver-to address (BR-IC-11, BR-IC-12)", () => {
    const root = ubl(intraCommunity);
    expect([value(root, "cac:InvoicePeriod/cbc:StartDate"), value(root, "cac:InvoicePeriod/cbc:EndDate")]).toEqual(["2025-02-01", "2025-02-28"]);
    const address = "cac:Delivery/cac:DeliveryLocation/cac:Address";
    expect(value(root, `${address}/cbc:CityName`)).toBe("Lyon");
    expect(value(root, `${address}/cac:Country/cbc:IdentificationCode`)).toBe("FR");
  });
});

describe("toUbl: numbers", () => {
  it("writes yen without decimals", () => {
    const root = ubl(yen);
    expect(value(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")).toBe("3300");
    expect(value(root, "cac:TaxTotal/cbc:TaxAmount")).toBe("300");
    expect(value(root, "cac:InvoiceLine/cac:Price/cbc:PriceAmount")).toBe("1000");
    expect(all(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")[0]!.getAttribute("currencyID")).toBe("JPY");
  });

  it("keeps a fractional quantity and its unit", () => {
    const line = all(ubl(fractionalHours), "cac:InvoiceLine")[0]!;
    expect(value(line, "cbc:InvoicedQuantity")).toBe("12.5");
    expect(all(line, "cbc:InvoicedQuantity")[0]!.getAttribute("unitCode")).toBe("HUR");
    expect(value(line, "cac:Price/cbc:PriceAmount")).toBe("120.00");
    expect(value(line, "cbc:LineExtensionAmount")).toBe("1500.00");
  });

  it("writes the prepaid amount and what is left to pay (BT-113, BT-115)", () => {
    const root = ubl(prepaid);
    expect(value(root, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount")).toBe("238.00");
    expect(value(root, "cac:LegalMonetaryTotal/cbc:PrepaidAmount")).toBe("38.00");
    expect(value(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")).toBe("200.00");
    expect(all(root, "cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount")).toHaveLength(0);
  });
});

describe("toUbl: hostile text", () => {
  const xml = toUbl(hostile);
  const root = readXml(xml);

  it("round-trips every text field exactly, minus what XML 1.0 cannot carry", () => {
    const paths = [
      "cbc:ID",
      "cbc:Note",
      "cbc:BuyerReference",
      "cac:OrderReference/cbc:ID",
      `${seller}/cbc:EndpointID`,
      `${seller}/cac:PartyName/cbc:Name`,
      `${seller}/cac:PostalAddress/cbc:StreetName`,
      `${seller}/cac:PostalAddress/cbc:AdditionalStreetName`,
      `${seller}/cac:PostalAddress/cbc:CityName`,
      `${seller}/cac:PostalAddress/cbc:PostalZone`,
      `${seller}/cac:PostalAddress/cbc:CountrySubentity`,
      `${seller}/cac:PartyLegalEntity/cbc:RegistrationName`,
      `${seller}/cac:PartyLegalEntity/cbc:CompanyID`,
      `${seller}/cac:Contact/cbc:Name`,
      `${seller}/cac:Contact/cbc:Telephone`,
      `${seller}/cac:Contact/cbc:ElectronicMail`,
      `${buyer}/cac:PartyLegalEntity/cbc:RegistrationName`,
      `${buyer}/cac:PostalAddress/cbc:StreetName`,
      "cac:Delivery/cac:DeliveryLocation/cac:Address/cbc:CityName",
      "cac:PaymentMeans/cbc:PaymentID",
      "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:Name",
      "cac:PaymentTerms/cbc:Note",
      "cac:AllowanceCharge/cbc:AllowanceChargeReason",
      "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason",
      "cac:InvoiceLine/cbc:ID",
      "cac:InvoiceLine/cbc:AccountingCost",
      "cac:InvoiceLine/cac:Item/cbc:Name",
      "cac:InvoiceLine/cac:Item/cac:SellersItemIdentification/cbc:ID",
    ];
    for (const path of paths) expect(value(root, path), path).toBe(HOSTILE_READ);
  });

  it("writes no character XML 1.0 forbids and no markup from the data", () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(xml).not.toContain("<&");
    expect(xml).toContain("🧾");
    const names = descendants(root, "cbc:Name");
    expect(names.length).toBeGreaterThan(3);
    for (const n of names) expect(childElements(n)).toHaveLength(0);
  });
});
