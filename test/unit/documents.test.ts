import { describe, expect, it } from "vitest";
import { asIssued } from "../../src/services/documents";
import { pdfInvoice, pdfLines } from "../helpers/pdf-fixtures";

describe("the stored PDF shows the invoice as issued", () => {
  it("leaves out payments and a void that happened before the first render", () => {
    const live = pdfInvoice(pdfLines(2), { status: "paid", amount_paid: 1000, paid_at: "2026-01-02T00:00:00Z", voided_at: null });
    const issued = asIssued(live);
    expect(issued).toMatchObject({ status: "finalized", amount_paid: 0, amount_due: live.total_amount, paid_at: null });
    expect(issued.line_items).toEqual(live.line_items);
    expect(issued.invoice_number).toBe(live.invoice_number);
  });

  it("keeps a draft as it is (previews are not stored)", () => {
    const draft = pdfInvoice(pdfLines(1), { status: "draft", invoice_number: null });
    expect(asIssued(draft)).toBe(draft);
  });
});
