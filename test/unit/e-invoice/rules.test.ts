import { describe, expect, it } from "vitest";
import { checkEInvoice } from "../../../src/domain/e-invoice/rules";
import { breakdownTaxHolds } from "../../../src/domain/e-invoice/tax-tolerance";
import type { Invoice } from "../../../src/domain/types";
import { account, creditNote, customer, invoice, seedInvoice } from "./fixtures";

const check = (inv: Invoice, acct = account()) => checkEInvoice({ kind: "invoice", invoice: inv, account: acct });
/** "rule field" per error: the order and the pairs, in one comparable list. */
const pairs = (inv: Invoice, acct = account()) => check(inv, acct).map((e) => `${e.rule} ${e.field}`);

describe("checkEInvoice", () => {
  it("a complete invoice breaks no rule, nor does its credit note", () => {
    expect(check(seedInvoice())).toEqual([]);
    const inv = seedInvoice();
    const note = creditNote([
      {
        invoice_line_item_id: "li_1",
        description: "Beratung",
        quantity: "8",
        unit_price: 12000,
        amount: 96000,
        discount_amount: 9600,
        tax_rate: "0.19",
        tax_amount: 16416,
      },
    ]);
    expect(checkEInvoice({ kind: "credit_note", note, invoice: inv, account: account() })).toEqual([]);
  });

  it("standard rated lines without a seller VAT id: BR-S-02 (and BR-S-03 for the discount) on account.tax_id", () => {
    const errors = check(seedInvoice(), account({ tax_id: null }));
    expect(errors.map((e) => `${e.rule} ${e.field}`)).toEqual(["BR-S-02 account.tax_id", "BR-S-03 account.tax_id"]);
    expect(errors[0]!.message).toMatch(/tax_id/);
    expect(check(invoice([{ description: "X", quantity: 1, unit_price: 100, tax_rate: 0.19 }]), account({ tax_id: null }))).toEqual([
      expect.objectContaining({ rule: "BR-S-02", field: "account.tax_id" }),
    ]);
  });

  it("reverse charge to a buyer without VAT id (nor registration id): BR-AE-02 on customer.tax_id", () => {
    const line = [{ description: "Consulting", quantity: 10, unit_price: 15000 }];
    const inv = invoice(line, { customer: customer({ tax_status: "reverse_charge", tax_id: null }) });
    expect(pairs(inv)).toEqual(["BR-AE-02 customer.tax_id"]);
    // BT-47 is enough for BR-AE-02.
    expect(check(invoice(line, { customer: customer({ tax_status: "reverse_charge", tax_id: null, company_id: "HRB 999" }) }))).toEqual([]);
  });

  it("an intra-community supply without period or delivery country: BR-IC-11, BR-IC-12 (the artefact's K rules)", () => {
    const k = invoice([{ description: "Teile", quantity: 40, unit_price: 2500, tax_category: "K" }]);
    expect(pairs(k)).toEqual(["BR-IC-11 invoice.billing_period", "BR-IC-12 invoice.shipping_address.country"]);
    const complete = {
      ...k,
      billing_period: { start: "2024-01-01", end_inclusive: "2024-01-31" },
      shipping_address: { line1: "Rue 1", city: "Lyon", country: "FR" },
    };
    expect(check(complete)).toEqual([]);
    expect(pairs({ ...complete, customer: customer({ tax_id: null }) })).toEqual(["BR-IC-02 customer.tax_id"]);
  });

  it("a three-decimal currency names BR-DEC-09 on currency", () => {
    const bhd = invoice([{ description: "X", quantity: 1, unit_price: 1000, tax_rate: 0.1 }], { currency: "BHD" });
    expect(check(bhd)).toEqual([expect.objectContaining({ rule: "BR-DEC-09", field: "currency", message: expect.stringMatching(/BHD/) })]);
  });

  it("exempt lines without a reason: BR-E-10 on the line's tax_exemption_reason", () => {
    const inv = invoice(
      [
        { description: "A", quantity: 1, unit_price: 100 },
        { description: "B", quantity: 1, unit_price: 100 },
      ],
      { customer: customer({ tax_status: "exempt" }) },
    );
    expect(pairs(inv)).toEqual(["BR-E-10 line_items.0.tax_exemption_reason"]);
    const badCode = { ...inv, line_items: inv.line_items.map((l) => ({ ...l, tax_exemption_reason_code: "VATEX-XX" })) };
    expect(pairs(badCode)).toEqual(["BR-CL-22 line_items.0.tax_exemption_reason_code"]);
  });

  it("rates: S needs one above 0 (BR-S-05), a zero rated line that bears tax breaks BR-Z-05 and BR-Z-09", () => {
    const s0 = invoice([{ description: "A", quantity: 1, unit_price: 100, tax_rate: 0, tax_category: "S" }]);
    expect(pairs(s0)).toEqual(["BR-S-05 line_items.0.tax_rate"]);
    const z = invoice([{ description: "A", quantity: 1, unit_price: 10000, tax_rate: 0.19, tax_category: "Z" }]);
    expect(pairs(z)).toEqual(["BR-Z-05 line_items.0.tax_rate", "BR-Z-09 line_items.0.tax_rate"]);
  });

  it("O with other categories: BR-O-02 (the ids the others need), BR-O-11, BR-O-12", () => {
    const mixed = invoice([
      { description: "Spende", quantity: 1, unit_price: 10000, tax_category: "O" },
      { description: "Buch", quantity: 1, unit_price: 1000, tax_rate: 0.07 },
    ]);
    expect(pairs(mixed)).toEqual([
      "BR-O-02 account.tax_id",
      "BR-O-02 customer.tax_id",
      "BR-O-11 line_items.0.tax_category",
      "BR-O-12 line_items.1.tax_category",
    ]);
    const discounted = invoice(
      [
        { description: "Spende", quantity: 1, unit_price: 10000, tax_category: "O" },
        { description: "Buch", quantity: 1, unit_price: 1000, tax_rate: 0.07 },
      ],
      { discount: { type: "percent", percent: 10 } },
    );
    expect(pairs(discounted).filter((p) => !pairs(mixed).includes(p))).toEqual([
      "BR-O-03 account.tax_id",
      "BR-O-03 customer.tax_id",
      "BR-O-13 discount",
      "BR-O-14 discount",
    ]);
    // All O: the ids are left out, but the seller must still be identifiable (BR-CO-26).
    const onlyO = invoice([{ description: "Spende", quantity: 1, unit_price: 10000, tax_category: "O" }]);
    expect(check(onlyO)).toEqual([]);
    expect(pairs(onlyO, account({ company_id: null }))).toEqual(["BR-CO-26 account.company_id"]);
  });

  it("export (G) needs the seller's VAT id; zero rated (Z) and exempt (E) too", () => {
    const g = invoice([{ description: "Export", quantity: 1, unit_price: 100, tax_category: "G" }]);
    expect(pairs(g, account({ tax_id: null }))).toEqual(["BR-G-02 account.tax_id"]);
    const z = invoice([{ description: "Zero", quantity: 1, unit_price: 100, tax_rate: 0 }]);
    expect(pairs(z, account({ tax_id: null }))).toEqual(["BR-Z-02 account.tax_id"]);
  });

  it("names, addresses, VAT id prefixes, electronic address schemes", () => {
    const acct = account({ legal_name: null, name: " ", address: null, tax_id: "123456789", electronic_address: { scheme: "9999", id: "x" } });
    const cust = customer({ legal_name: null, name: "", billing_address: { line1: "Somewhere" }, tax_id: "123456789" });
    const inv = seedInvoice({ customer: cust, billing_address: null, shipping_address: { line1: "Dock 4", country: "XX" } });
    expect(pairs(inv, acct)).toEqual([
      "BR-06 account.legal_name",
      "BR-07 customer.legal_name",
      "BR-08 account.address",
      "BR-09 account.address.country",
      "BR-11 customer.billing_address.country",
      "BR-CL-14 invoice.shipping_address.country",
      "BR-CL-25 account.electronic_address.scheme",
      "BR-CO-09 account.tax_id",
      "BR-CO-09 customer.tax_id",
    ]);
    // Greece's VAT ids start with EL.
    expect(check(seedInvoice({ customer: customer({ tax_id: "EL123456789" }) }))).toEqual([]);
  });

  it("a credit transfer without an account id: BR-61", () => {
    const acct = account({ bank_details: { uk: { sort_code: " ", account_number: "" } } });
    expect(pairs(seedInvoice(), acct)).toEqual(["BR-61 account.bank_details"]);
  });

  it("a draft has no number, which is not reported", () => {
    expect(check(seedInvoice({ invoice_number: null, status: "draft" }))).toEqual([]);
    expect(pairs(seedInvoice({ invoice_number: null, status: "sent" }))).toEqual(["BR-02 invoice.invoice_number"]);
  });

  it("a category's tax that drifted a whole unit from round(taxable × rate) is BR-CO-17 (and BR-S-09)", () => {
    // Priced today, 300 lines of 0.05 at 10 % bear 1.50 in all: tax is rounded once per category.
    const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ description: `Item ${i}`, quantity: 1, unit_price: 5, tax_rate: 0.1 }));
    const priced = invoice(lines(300));
    expect(priced.tax_amount).toBe(150);
    expect(check(priced)).toEqual([]);
    // An invoice stored when each line was rounded alone bears 0.01 a line, 3.00 in all.
    const perLine = (inv: Invoice): Invoice => {
      const items = inv.line_items.map((l) => ({ ...l, tax_amount: 1 }));
      const tax = items.length;
      return { ...inv, line_items: items, tax_amount: tax, total_amount: inv.subtotal + tax, amount_due: inv.subtotal + tax };
    };
    expect(pairs(perLine(priced))).toEqual(["BR-CO-17 line_items", "BR-S-09 line_items"]);
    // 100 such lines: 1.00 against 0.50, within the tolerance.
    expect(check(perLine(invoice(lines(100))))).toEqual([]);
  });

  it("errors come ordered by rule, then field, each once", () => {
    const errors = check(seedInvoice({ customer: customer({ tax_id: "123" }) }), account({ tax_id: null, company_id: null }));
    const keys = errors.map((e) => `${e.rule} ${e.field}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(["BR-CO-09 customer.tax_id", "BR-CO-26 account.company_id", "BR-S-02 account.tax_id", "BR-S-03 account.tax_id"]);
  });
});

describe("BR-CO-17 tolerance (the UBL artefact's test: strictly within one currency unit)", () => {
  it("EUR: 100.00 at 19 % is 19.00; 18.01 and 19.99 pass, 18.00 and 20.00 do not", () => {
    expect([1801, 1900, 1999].map((t) => breakdownTaxHolds(t, 10000, "19", 2))).toEqual([true, true, true]);
    expect([1800, 2000].map((t) => breakdownTaxHolds(t, 10000, "19", 2))).toEqual([false, false]);
  });

  it("JPY: 1005 at 10 % is 100.50; 100 and 101 pass, 99 and 102 do not", () => {
    expect([99, 100, 101, 102].map((t) => breakdownTaxHolds(t, 1005, "10", 0))).toEqual([false, true, true, false]);
  });

  it("no rate or a rate that rounds to 0: the tax must round to 0", () => {
    expect([breakdownTaxHolds(49, 100000, null, 2), breakdownTaxHolds(50, 100000, null, 2)]).toEqual([true, false]);
    expect([breakdownTaxHolds(49, 100000, "0.4", 2), breakdownTaxHolds(400, 100000, "0.4", 2)]).toEqual([true, false]);
  });
});
