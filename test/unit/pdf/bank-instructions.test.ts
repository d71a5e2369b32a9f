import { describe, expect, it } from "vitest";
import type { BankDetails } from "../../../src/domain/types";
import { bankInstructions } from "../../../src/services/pdf/bank-instructions";
import { pdfAccount } from "../../helpers/pdf-fixtures";

const all = pdfAccount().bank_details as BankDetails;
const titles = (bank: BankDetails | null, currency: string) => bankInstructions(bank, currency).map((m) => m.title);

describe("bankInstructions", () => {
  it("chooses the rails of the invoice currency", () => {
    expect(titles(all, "EUR")).toEqual(["Bank transfer"]);
    expect(titles(all, "GBP")).toEqual(["UK bank transfer", "Bank transfer"]);
    expect(titles(all, "USD")).toEqual(["ACH transfer", "Wire transfer"]);
    expect(titles(all, "CHF")).toEqual(["Bank transfer", "Wire transfer"]);
  });

  it("prints IBAN and BIC for EUR, sort code and account number for GBP", () => {
    const [sepa] = bankInstructions(all, "EUR");
    expect(Object.fromEntries(sepa!.rows)).toEqual({ "Account name": "Stateset Inc.", IBAN: "DE89370400440532013000", "BIC / SWIFT": "COBADEFFXXX" });
    const [uk] = bankInstructions(all, "GBP");
    expect(Object.fromEntries(uk!.rows)).toMatchObject({ "Sort code": "12-34-56", "Account number": "12345678" });
  });

  it("shows what exists when nothing matches the currency", () => {
    expect(titles({ uk: { sort_code: "12-34-56", account_number: "1" } }, "USD")).toEqual(["UK bank transfer"]);
    expect(titles({ iban: "GB33BUKB20201555555555" }, "USD")).toEqual(["Bank transfer"]);
  });

  it("omits empty fields and prints nothing without details", () => {
    expect(bankInstructions(null, "EUR")).toEqual([]);
    expect(bankInstructions({ iban: "DE89370400440532013000", bic: "", account_name: null }, "EUR")[0]!.rows).toEqual([["IBAN", "DE89370400440532013000"]]);
  });
});
