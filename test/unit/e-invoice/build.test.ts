import { describe, expect, it } from "vitest";
import type { CreditNote } from "../../../src/db/credit-note-queries";
import { buildEInvoice, type CreditNoteForEInvoice } from "../../../src/domain/e-invoice/build";
import { taxableAmounts } from "../../../src/domain/totals";
import type { Account } from "../../../src/domain/types";
import { account, creditNote, customer, invoice, seedInvoice } from "./fixtures";

// The stored credit note is a source as it is (a compile-time check).
const _assignable = (note: CreditNote): CreditNoteForEInvoice => note;

describe("buildEInvoice: the seed-like EUR invoice (19 % and 7 %, 10 % off)", () => {
  const inv = seedInvoice({
    reference: "04011000-12345-34",
    purchase_order_number: "PO-77",
    memo: "Danke!",
    notes: "  ",
    billing_period: { start: "2024-01-01", end_inclusive: "2024-01-31" },
  });
  const doc = buildEInvoice({ kind: "invoice", invoice: inv, account: account() });

  it("is a commercial invoice with the invoice's number, dates and references", () => {
    expect(doc).toMatchObject({
      kind: "invoice",
      typeCode: "380",
      number: "INV-2024-0001",
      issueDate: "2024-01-20",
      dueDate: "2024-02-19",
      currency: "EUR",
      exponent: 2,
      buyerReference: "04011000-12345-34",
      orderReference: "PO-77",
      precedingInvoice: null,
      notes: ["Danke!"],
      paymentTerms: "Zahlbar innerhalb von 30 Tagen",
      period: { start: "2024-01-01", end: "2024-01-31" },
    });
  });

  it("splits the discount per rate by the API's own shares (9600 + 10000 at 19 %, 1497 at 7 %)", () => {
    expect(doc.allowances).toEqual([
      { amount: 19600, category: "S", ratePercent: "19", reason: "Discount" },
      { amount: 1497, category: "S", ratePercent: "7", reason: "Discount" },
    ]);
    const shares = taxableAmounts(
      inv.line_items.map((l) => l.amount),
      inv.discount_amount,
    ).map((t, i) => inv.line_items[i]!.amount - t);
    expect(doc.allowances.reduce((a, x) => a + x.amount, 0)).toBe(shares.reduce((a, b) => a + b, 0));
  });

  it("has a breakdown whose taxable amounts are the API's and whose tax is the sum of the lines' tax", () => {
    expect(doc.vatBreakdown).toEqual([
      { category: "S", ratePercent: "19", taxableAmount: 176399, taxAmount: 33516, exemptionReason: null, exemptionReasonCode: null },
      { category: "S", ratePercent: "7", taxableAmount: 13473, taxAmount: 943, exemptionReason: null, exemptionReasonCode: null },
    ]);
    expect(inv.line_items[0]!.tax_amount + inv.line_items[2]!.tax_amount).toBe(33516);
  });

  it("has the API's totals", () => {
    expect(doc.totals).toEqual({ lineNet: 210969, allowances: 21097, taxExclusive: 189872, tax: 34459, taxInclusive: 224331, prepaid: 0, payable: 224331 });
    expect(doc.totals.taxInclusive).toBe(inv.total_amount);
    expect(doc.totals.tax).toBe(inv.tax_amount);
  });

  it("maps each line", () => {
    expect(doc.lines[0]).toEqual({
      id: "1",
      name: "Beratung",
      quantity: "8",
      unitCode: "HUR",
      netPrice: 12000,
      netAmount: 96000,
      category: "S",
      ratePercent: "19",
      sellerItemId: "prod_consulting",
      accountingCost: "8400",
    });
    expect(doc.lines.map((l) => l.id)).toEqual(["1", "2", "3"]);
    expect(doc.lines[1]).toMatchObject({ unitCode: "C62", ratePercent: "7", sellerItemId: null, accountingCost: null });
  });

  it("names seller and buyer from the account and the customer, with the invoice's billing address", () => {
    expect(doc.seller).toEqual({
      name: "Muster Software GmbH",
      tradingName: "Muster Software",
      vatId: "DE123456789",
      companyId: "HRB 12345",
      electronicAddress: { scheme: "9930", id: "DE123456789" },
      address: { line1: "Hauptstraße 1", line2: null, city: "Berlin", postalCode: "10115", subdivision: null, country: "DE" },
      contact: { name: "Muster Billing", email: "billing@muster.example", phone: "+49 30 1234567" },
    });
    expect(doc.buyer).toMatchObject({
      name: "Beispiel AG",
      tradingName: "Beispiel",
      vatId: "DE987654321",
      contact: { name: null, email: "ap@beispiel.example", phone: null },
    });
    const moved = buildEInvoice({
      kind: "invoice",
      invoice: { ...inv, billing_address: { line1: "Alte Str. 2", city: "Köln", country: "DE" } },
      account: account(),
    });
    expect(moved.buyer.address).toMatchObject({ line1: "Alte Str. 2", city: "Köln" });
    const noSnapshot = buildEInvoice({ kind: "invoice", invoice: { ...inv, billing_address: null }, account: account() });
    expect(noSnapshot.buyer.address.line1).toBe("Marktplatz 5");
  });

  it("pays by SEPA transfer to the IBAN without spaces, the document number as remittance", () => {
    expect(doc.paymentMeans).toEqual({
      code: "58",
      accountId: "DE89370400440532013000",
      accountName: "Muster Software GmbH",
      bic: "COBADEFFXXX",
      remittance: "INV-2024-0001",
    });
  });
});

describe("buildEInvoice: payment means", () => {
  const means = (bank_details: Account["bank_details"]) =>
    buildEInvoice({ kind: "invoice", invoice: seedInvoice(), account: account({ bank_details }) }).paymentMeans;

  it("credit transfer (30) for UK and US accounts, 'not defined' (1) without any", () => {
    expect(means({ account_name: "Muster Ltd", uk: { sort_code: "12-34-56", account_number: "12345678" } })).toMatchObject({
      code: "30",
      accountId: "12345612345678",
      accountName: "Muster Ltd",
      bic: null,
    });
    expect(
      means({ us_wire: { account_number: "000123", account_name: "Muster Inc", bank_name: "B", routing_number: "021000021", swift_code: "CHASUS33" } }),
    ).toMatchObject({ code: "30", accountId: "000123", accountName: "Muster Inc", bic: "CHASUS33" });
    expect(means({ us_ach: { account_number: "000456", account_name: "Muster Inc", bank_name: "B", routing_number: "021000021" } })).toMatchObject({
      code: "30",
      accountId: "000456",
      bic: null,
    });
    expect(means(null)).toEqual({ code: "1", accountId: null, accountName: null, bic: null, remittance: "INV-2024-0001" });
  });
});

describe("buildEInvoice: VAT categories", () => {
  it("reverse charge: AE at 0 % with the default reason, no tax", () => {
    const inv = invoice([{ description: "Consulting", quantity: 10, unit_price: 15000, tax_rate: 0.19 }], {
      customer: customer({ tax_status: "reverse_charge", tax_id: "FR12345678901", billing_address: { line1: "1 rue X", city: "Paris", country: "FR" } }),
    });
    const doc = buildEInvoice({ kind: "invoice", invoice: inv, account: account() });
    // The customer's lines keep their 19 % for the record; the document says what was charged.
    expect(doc.lines[0]).toMatchObject({ category: "AE", ratePercent: "0" });
    expect(doc.vatBreakdown).toEqual([
      { category: "AE", ratePercent: "0", taxableAmount: 150000, taxAmount: 0, exemptionReason: "Reverse charge", exemptionReasonCode: "VATEX-EU-AE" },
    ]);
    expect(doc.buyer.vatId).toBe("FR12345678901");
    expect(doc.totals).toMatchObject({ tax: 0, taxInclusive: 150000 });
  });

  it("exempt with the lines' reasons, distinct ones joined", () => {
    const inv = invoice(
      [
        { description: "Kurs A", quantity: 1, unit_price: 50000, tax_exemption_reason: "§ 4 Nr. 21 UStG", tax_exemption_reason_code: "VATEX-EU-132-1I" },
        { description: "Kurs B", quantity: 1, unit_price: 30000, tax_exemption_reason: "§ 4 Nr. 21 UStG", tax_exemption_reason_code: "VATEX-EU-132-1I" },
        { description: "Kurs C", quantity: 1, unit_price: 20000, tax_exemption_reason: "Art. 132 (1) (i)" },
      ],
      { customer: customer({ tax_status: "exempt" }) },
    );
    const doc = buildEInvoice({ kind: "invoice", invoice: inv, account: account() });
    expect(doc.vatBreakdown).toEqual([
      {
        category: "E",
        ratePercent: "0",
        taxableAmount: 100000,
        taxAmount: 0,
        exemptionReason: "§ 4 Nr. 21 UStG; Art. 132 (1) (i)",
        exemptionReasonCode: "VATEX-EU-132-1I",
      },
    ]);
  });

  it("intra-community supply (K) and export (G) take their default reasons", () => {
    const k = buildEInvoice({
      kind: "invoice",
      invoice: invoice([{ description: "Teile", quantity: 40, unit_price: 2500, tax_category: "K" }]),
      account: account(),
    });
    expect(k.vatBreakdown).toEqual([
      { category: "K", ratePercent: "0", taxableAmount: 100000, taxAmount: 0, exemptionReason: "Intra-community supply", exemptionReasonCode: "VATEX-EU-IC" },
    ]);
    const g = buildEInvoice({
      kind: "invoice",
      invoice: invoice([{ description: "Export", quantity: 5, unit_price: 30000, tax_category: "G" }]),
      account: account(),
    });
    expect(g.vatBreakdown[0]).toMatchObject({ category: "G", ratePercent: "0", exemptionReason: "Export outside the EU", exemptionReasonCode: "VATEX-EU-G" });
  });

  it("not subject to VAT (O): no rate, and no VAT id on either side (BR-O-02)", () => {
    const inv = invoice([{ description: "Spende", quantity: 1, unit_price: 10000, tax_category: "O" }]);
    const doc = buildEInvoice({ kind: "invoice", invoice: inv, account: account() });
    expect(doc.lines[0]).toMatchObject({ category: "O", ratePercent: null });
    expect(doc.vatBreakdown[0]).toMatchObject({ category: "O", ratePercent: null, exemptionReasonCode: "VATEX-EU-O" });
    expect([doc.seller.vatId, doc.buyer.vatId]).toEqual([null, null]);
    expect(doc.seller.companyId).toBe("HRB 12345");
  });

  it("keeps VAT ids when only some lines are O", () => {
    const inv = invoice([
      { description: "Spende", quantity: 1, unit_price: 10000, tax_category: "O" },
      { description: "Buch", quantity: 1, unit_price: 1000, tax_rate: 0.07 },
    ]);
    expect(buildEInvoice({ kind: "invoice", invoice: inv, account: account() }).seller.vatId).toBe("DE123456789");
  });
});

describe("buildEInvoice: amounts", () => {
  it("JPY has exponent 0 and the API's integer amounts", () => {
    const inv = invoice([{ description: "License", quantity: 3, unit_price: 12345, tax_rate: 0.1 }], { currency: "JPY" });
    const doc = buildEInvoice({ kind: "invoice", invoice: inv, account: account() });
    expect(doc.exponent).toBe(0);
    expect(doc.vatBreakdown[0]).toMatchObject({ ratePercent: "10", taxableAmount: 37035, taxAmount: 3704 });
  });

  it("fractional quantities are exact decimal text", () => {
    const inv = invoice([
      { description: "Development", quantity: 12.5, unit_price: 12000, tax_rate: 0.19, unit_code: "HUR" },
      { description: "Support", quantity: 0.0001, unit_price: 9999, tax_rate: 0.075 },
    ]);
    const doc = buildEInvoice({ kind: "invoice", invoice: inv, account: account() });
    expect(doc.lines.map((l) => [l.quantity, l.netAmount, l.ratePercent])).toEqual([
      ["12.5", 150000, "19"],
      ["0.0001", 1, "7.5"],
    ]);
  });

  it("the balance applied at finalization is prepaid (BT-113), the rest payable", () => {
    const inv = seedInvoice({ applied_balance: 30000 });
    expect(buildEInvoice({ kind: "invoice", invoice: inv, account: account() }).totals).toMatchObject({
      taxInclusive: 224331,
      prepaid: 30000,
      payable: 194331,
    });
  });

  it("refuses a three-decimal currency, and totals that are not the lines' sums", () => {
    const bhd = invoice([{ description: "X", quantity: 1, unit_price: 1000, tax_rate: 0.1 }], { currency: "BHD" });
    expect(() => buildEInvoice({ kind: "invoice", invoice: bhd, account: account() })).toThrow(/two decimals/);
    const broken = { ...seedInvoice(), subtotal: 1 };
    expect(() => buildEInvoice({ kind: "invoice", invoice: broken, account: account() })).toThrow(/subtotal/);
  });
});

describe("buildEInvoice: a credit note", () => {
  const inv = seedInvoice();
  const [l1, l2] = inv.line_items;
  const note = creditNote([
    // All 8 hours back, with their discount share and tax, as priceCreditNote stores them.
    {
      invoice_line_item_id: l1!.id,
      description: "Beratung",
      quantity: "8",
      unit_price: 12000,
      amount: 96000,
      discount_amount: 9600,
      tax_rate: "0.19",
      tax_amount: 16416,
    },
    // 50.00 of the books, credited by amount.
    {
      invoice_line_item_id: l2!.id,
      description: "Fachbuch (Nachlass)",
      quantity: null,
      unit_price: 4990,
      amount: 5000,
      discount_amount: 500,
      tax_rate: "0.07",
      tax_amount: 315,
    },
  ]);
  const doc = buildEInvoice({ kind: "credit_note", note, invoice: inv, account: account() });

  it("is a 381 pointing at its invoice (BT-25, BT-26), with its own number and date and no due date", () => {
    expect(doc).toMatchObject({
      kind: "credit_note",
      typeCode: "381",
      number: "CN-2024-0001",
      issueDate: "2024-02-01",
      dueDate: null,
      precedingInvoice: { number: "INV-2024-0001", issueDate: "2024-01-20" },
      notes: ["Teilgutschrift"],
      paymentMeans: null,
    });
  });

  it("takes category and unit from the invoice lines; a line by amount is one unit at its amount", () => {
    expect(doc.lines).toEqual([
      expect.objectContaining({
        id: "1",
        quantity: "8",
        unitCode: "HUR",
        netPrice: 12000,
        netAmount: 96000,
        category: "S",
        ratePercent: "19",
        sellerItemId: "prod_consulting",
      }),
      expect.objectContaining({
        id: "2",
        name: "Fachbuch (Nachlass)",
        quantity: "1",
        unitCode: "C62",
        netPrice: 5000,
        netAmount: 5000,
        category: "S",
        ratePercent: "7",
      }),
    ]);
  });

  it("has allowances from the lines' discount_amount and the note's totals", () => {
    expect(doc.allowances.map((a) => [a.ratePercent, a.amount])).toEqual([
      ["19", 9600],
      ["7", 500],
    ]);
    expect(doc.vatBreakdown.map((b) => [b.ratePercent, b.taxableAmount, b.taxAmount])).toEqual([
      ["19", 86400, 16416],
      ["7", 4500, 315],
    ]);
    expect(doc.totals).toEqual({ lineNet: 101000, allowances: 10100, taxExclusive: 90900, tax: 16731, taxInclusive: 107631, prepaid: 0, payable: 107631 });
  });

  it("a line without an invoice line takes the invoice's first line's category", () => {
    const exempt = invoice([{ description: "Kurs", quantity: 1, unit_price: 50000, tax_exemption_reason: "§ 4 Nr. 21 UStG" }], {
      customer: customer({ tax_status: "exempt" }),
    });
    const n = creditNote([
      { invoice_line_item_id: null, description: "Kulanz", quantity: null, unit_price: 0, amount: 1000, discount_amount: 0, tax_rate: "0", tax_amount: 0 },
    ]);
    const d = buildEInvoice({ kind: "credit_note", note: n, invoice: exempt, account: account() });
    expect(d.lines[0]).toMatchObject({ category: "E", ratePercent: "0" });
    expect(d.vatBreakdown[0]).toMatchObject({ exemptionReason: "§ 4 Nr. 21 UStG" });
  });
});
