import { describe, expect, it } from "vitest";
import { formatMoney } from "../../../src/domain/money";
import { buildCreditNoteView, type CreditNoteRenderInput } from "../../../src/services/pdf/credit-note-view";
import { buildInvoiceView } from "../../../src/services/pdf/invoice-view";
import { pdfAccount, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";

const usd = (amount: number) => formatMoney(amount, "USD");

function note(overrides: Partial<CreditNoteRenderInput["note"]> = {}): CreditNoteRenderInput["note"] {
  return {
    number: "CN-2026-0007",
    invoice_number: "INV-2024-0001",
    currency: "USD",
    reason: "order_change",
    memo: null,
    issue_date: "2026-03-02",
    lines: [
      {
        id: "cnl_1",
        invoice_line_item_id: "li_1",
        description: "Consulting",
        quantity: "2.5",
        unit_price: 10_000,
        amount: 25_000,
        discount_amount: 2_500,
        tax_rate: "0.19",
        tax_amount: 4_275,
      },
      {
        id: "cnl_2",
        invoice_line_item_id: "li_2",
        description: "Licence",
        quantity: null,
        unit_price: 9_900,
        amount: 5_000,
        discount_amount: 500,
        tax_rate: "0",
        tax_amount: 0,
      },
    ],
    subtotal: 30_000,
    discount_amount: 3_000,
    tax_amount: 4_275,
    total_amount: 31_275,
    due_amount: 31_275,
    refund_amount: 0,
    credit_amount: 0,
    out_of_band_amount: 0,
    ...overrides,
  };
}

const invoice = pdfInvoice(pdfLines(2), { invoice_number: "INV-2024-0001", issue_date: "2024-01-19" });
const view = (n = note(), inv = invoice) => buildCreditNoteView({ note: n, invoice: inv, account: pdfAccount() });

describe("buildCreditNoteView", () => {
  it("is titled as a credit note with its number and date, and names the invoice it corrects", () => {
    const v = view();
    expect(v).toMatchObject({ documentTitle: "Credit note CN-2026-0007", heading: "CREDIT NOTE", number: "CN-2026-0007", stamp: null });
    expect(v.correction).toBe("Corrects invoice INV-2024-0001 of Jan 19, 2024.");
    expect(Object.fromEntries(v.details)).toMatchObject({
      "Credit note number": "CN-2026-0007",
      Date: "Mar 2, 2026",
      Invoice: "INV-2024-0001",
      "Invoice date": "Jan 19, 2024",
      Reason: "Order change",
    });
    expect(v.footer).toBe("Stateset Inc. · Credit note CN-2026-0007");
  });

  it("prints the parties exactly as the invoice does", () => {
    const v = view();
    const inv = buildInvoiceView({ invoice, account: pdfAccount(), payUrl: null });
    expect(v.merchantLines).toEqual(inv.merchantLines);
    expect(v.billTo).toEqual(inv.billTo);
    expect(v.shipTo).toEqual(inv.shipTo);
  });

  it("prints a line credited by amount with a dash for its quantity, and no rate for 0 %", () => {
    const [byQuantity, byAmount] = view().lines;
    expect(byQuantity).toEqual({ description: "Consulting", quantity: "2.5", unitPrice: usd(10_000), taxRate: "19%", amount: usd(25_000) });
    expect(byAmount).toEqual({ description: "Licence", quantity: "—", unitPrice: usd(9_900), taxRate: "", amount: usd(5_000) });
  });

  it("sums tax per rate on the base after the discount", () => {
    expect(view().taxSummary).toEqual([
      ["0%", usd(4_500), usd(0)],
      ["19%", usd(22_500), usd(4_275)],
    ]);
  });

  it("totals the note and says where the credit went, only the parts that hold money", () => {
    const rows = (n: CreditNoteRenderInput["note"]) => view(n).totals.map((t) => [t.label, t.value]);
    expect(rows(note())).toEqual([
      ["Subtotal", usd(30_000)],
      ["Discount", usd(-3_000)],
      ["Tax", usd(4_275)],
      ["Total", usd(31_275)],
      ["Taken off the amount due", usd(31_275)],
    ]);
    expect(rows(note({ discount_amount: 0, due_amount: 0, refund_amount: 20_000, credit_amount: 10_000, out_of_band_amount: 1_275 })).slice(1)).toEqual([
      ["Tax", usd(4_275)],
      ["Total", usd(31_275)],
      ["Refunded", usd(20_000)],
      ["Credited to the customer's balance", usd(10_000)],
      ["Settled outside", usd(1_275)],
    ]);
  });

  it("carries the memo and the tax statement of an untaxed customer", () => {
    const v = view(note({ memo: "  Billed twice.  " }), { ...invoice, customer_tax_status: "reverse_charge" });
    expect(v.memo).toBe("Billed twice.");
    expect(v.taxNote).toMatch(/^Reverse charge/);
    expect(view(note(), { ...invoice, customer_tax_status: "exempt" }).taxNote).toBe("Tax exempt: no tax is charged on this credit note.");
    expect(view().taxNote).toBeNull();
  });
});
