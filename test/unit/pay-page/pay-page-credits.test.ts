import { describe, expect, it } from "vitest";
import type { Invoice } from "../../../src/domain/types";
import { buildPayPageView } from "../../../src/pages/pay/pay-page-view";
import { pdfAccount, pdfInvoice, pdfLines } from "../../helpers/pdf-fixtures";

const NOW = new Date("2026-11-10T12:00:00Z");
const checkout = pdfAccount({ checkout_url_template: "https://pay.example.com/{invoice_id}?amount={amount}" });

/** An invoice of `total` with these payments and credits; amount_due and status follow from them as the domain derives them. */
function invoiceWith(f: { paid?: number; credited?: number; applied?: number; refunded?: number; paidAt?: string | null }): Invoice {
  const base = pdfInvoice(pdfLines(2));
  const [paid, credited, applied] = [f.paid ?? 0, f.credited ?? 0, f.applied ?? 0];
  const due = Math.max(0, base.total_amount - paid - credited - applied);
  return {
    ...base,
    amount_paid: paid,
    credited_amount: credited,
    applied_balance: applied,
    amount_refunded: f.refunded ?? 0,
    amount_due: due,
    status: due === 0 ? "paid" : paid > 0 ? "partially_paid" : "sent",
    paid_at: due === 0 ? (f.paidAt === undefined ? "2026-11-09T15:00:00Z" : f.paidAt) : null,
  };
}

const rows = (invoice: Invoice, numbers: string[]) =>
  Object.fromEntries(buildPayPageView(invoice, checkout, NOW, numbers).totals.map((t) => [t.label, t.value]));

describe("the pay page shows credits", () => {
  it("lists the credit, named by its notes, between what was paid and what is due, so the column adds up", () => {
    const total = pdfInvoice(pdfLines(2)).total_amount;
    const invoice = invoiceWith({ paid: 10000, credited: 25000 });
    const view = buildPayPageView(invoice, checkout, NOW, ["CN-2026-0001", "CN-2026-0002"]);
    expect(view.totals.map((t) => t.label)).toEqual(["Subtotal", "Tax", "Total", "Amount paid", "Credit notes CN-2026-0001 and CN-2026-0002", "Amount due"]);
    expect(rows(invoice, ["CN-2026-0001", "CN-2026-0002"])["Credit notes CN-2026-0001 and CN-2026-0002"]).toBe("-$250.00");
    expect(view.amountDue).toBe(rows(invoice, [])["Amount due"]);
    expect(invoice.amount_due).toBe(total - 35000);
    // Still owed: the checkout asks for what is left, not the total.
    expect(view.payUrl).toBe(`https://pay.example.com/inv_test?amount=${total - 35000}`);
    expect(view.banner).toBeNull();
  });

  it("names one note in the singular, three with commas, and shows what the credit balance paid", () => {
    expect(rows(invoiceWith({ credited: 100 }), ["CN-2026-0007"])).toHaveProperty("Credit note CN-2026-0007", "-$1.00");
    expect(rows(invoiceWith({ credited: 100 }), ["A-1", "A-2", "A-3"])).toHaveProperty("Credit notes A-1, A-2 and A-3");
    const applied = rows(invoiceWith({ applied: 5000 }), []);
    expect(applied).toHaveProperty("Paid from credit balance", "-$50.00");
    expect(Object.keys(applied).some((label) => label.startsWith("Credit note"))).toBe(false);
  });

  it("shows no credit rows on an invoice without credits", () => {
    expect(Object.keys(rows(invoiceWith({ paid: 100 }), []))).toEqual(["Subtotal", "Tax", "Total", "Amount paid", "Amount due"]);
  });

  it("says an invoice settled by credit was settled by it, and offers no payment", () => {
    const total = pdfInvoice(pdfLines(2)).total_amount;
    const view = buildPayPageView(invoiceWith({ credited: total }), checkout, NOW, ["CN-2026-0001"]);
    expect(view.banner).toEqual({ kind: "paid", text: "Settled by credit note CN-2026-0001 on November 9, 2026." });
    expect(view.payUrl).toBeNull();
    expect(view.instructions).toEqual([]);
    expect(view.amountDue).toBe("$0.00");
  });

  it("words the other ways an invoice is settled", () => {
    const total = pdfInvoice(pdfLines(2)).total_amount;
    const banner = (invoice: Invoice, numbers: string[]) => buildPayPageView(invoice, checkout, NOW, numbers).banner?.text;
    expect(banner(invoiceWith({ paid: total - 500, credited: 500 }), ["CN-1"])).toBe("Paid in full on November 9, 2026, with credit note CN-1. Thank you.");
    expect(banner(invoiceWith({ applied: total }), [])).toBe("Settled by your credit balance on November 9, 2026.");
    expect(banner(invoiceWith({ credited: total - 1, applied: 1 }), ["CN-1", "CN-2"])).toBe(
      "Settled by credit notes CN-1 and CN-2, and your credit balance on November 9, 2026.",
    );
    expect(banner(invoiceWith({ credited: total, paidAt: null }), ["CN-1"])).toBe("Settled by credit note CN-1.");
    // A refund by a credit note leaves a paid invoice paid: it is not a settlement by credit.
    expect(banner(invoiceWith({ paid: total, refunded: 900 }), [])).toBe("Paid in full on November 9, 2026. Thank you.");
  });
});
