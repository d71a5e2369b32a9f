import { describe, expect, it } from "vitest";
import { postalAddressLines } from "../../../src/domain/postal-address";
import type { Address } from "../../../src/domain/types";
import { buildPayPageView } from "../../../src/pages/pay/pay-page-view";
import { buildInvoiceView } from "../../../src/services/pdf/invoice-view";
import { pdfAccount, pdfCustomer, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";

const ADDRESSES: Array<[string, Address, string[]]> = [
  [
    "a US address",
    { line1: "123 Business St", line2: "Floor 4", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" },
    ["123 Business St", "Floor 4", "San Francisco, CA 94105", "United States"],
  ],
  ["a Polish address", { line1: "ul. Piotrkowska 1", city: "Łódź", postal_code: "90-001", country: "PL" }, ["ul. Piotrkowska 1", "90-001 Łódź", "Poland"]],
  ["an address with only a first line", { line1: "PO Box 7" }, ["PO Box 7"]],
];

describe("one postal address formatter for the PDF and the pay page", () => {
  it.each(ADDRESSES)("%s reads the same on both", (_name, address, expected) => {
    expect(postalAddressLines(address, "en-US")).toEqual(expected);
    const invoice = pdfInvoice(pdfLines(1), { billing_address: address, customer: pdfCustomer({ legal_name: null, tax_id: null, email: null }) });
    const account = pdfAccount();
    const pdf = buildInvoiceView({ invoice, account, payUrl: null, locale: "en-US" }).billTo;
    const page = buildPayPageView(invoice, account, new Date("2026-01-05T12:00:00Z"), []).billedTo;
    expect(page).toEqual(pdf);
    expect(page.slice(1)).toEqual(expected);
  });

  it("names the country in the reader's language", () => {
    expect(postalAddressLines({ line1: "Hauptstr. 1", city: "Berlin", postal_code: "10115", country: "DE" }, "de-DE")).toEqual([
      "Hauptstr. 1",
      "10115 Berlin",
      "Deutschland",
    ]);
    expect(postalAddressLines({ line1: "x", country: "ZZZ" }, "not a locale!")).toEqual(["x", "ZZZ"]);
    expect(postalAddressLines(null, "en-US")).toEqual([]);
  });
});
