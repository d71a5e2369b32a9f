/*
 * Everything the credit note PDF prints, as strings, in the invoice's typography: its
 * number and date, the invoice it corrects, the parties as that invoice names them, the
 * credited lines, tax per rate, the totals and where the credit went. Pure, like
 * invoice-view.ts: what the document says is tested apart from where it is drawn.
 */
import type { CreditNote } from "../../db/credit-note-queries";
import type { CreditNoteReason } from "../../domain/credit-notes";
import { formatMoney } from "../../domain/money";
import type { Account, Invoice } from "../../domain/types";
import { billToLines, type DocumentView, merchantLines, shipToLines, taxStatusNote, taxSummary } from "./document-view";
import { formatDate, percent, quantityFormat } from "./view-format";

export type CreditNoteRenderInput = {
  note: Pick<
    CreditNote,
    | "number"
    | "invoice_number"
    | "currency"
    | "reason"
    | "memo"
    | "issue_date"
    | "lines"
    | "subtotal"
    | "discount_amount"
    | "tax_amount"
    | "total_amount"
    | "due_amount"
    | "refund_amount"
    | "credit_amount"
    | "out_of_band_amount"
  >;
  /** The invoice it corrects: its number and date, and the customer as it bills them. */
  invoice: Pick<Invoice, "invoice_number" | "issue_date" | "customer" | "billing_address" | "shipping_address" | "customer_tax_status">;
  account: Account;
  locale?: string;
  now?: Date;
  /** PNG or JPEG bytes of the merchant's logo, fetched by the caller. */
  logo?: Uint8Array;
};

export type CreditNoteView = DocumentView & {
  /** "Corrects invoice INV-2024-0001 of Jan 19, 2024." */
  correction: string;
  memo: string | null;
  taxNote: string | null;
};

const REASONS: Record<CreditNoteReason, string> = {
  duplicate: "Duplicate",
  fraudulent: "Fraudulent",
  order_change: "Order change",
  product_unsatisfactory: "Product unsatisfactory",
  other: "Other",
};

export function buildCreditNoteView(input: CreditNoteRenderInput): CreditNoteView {
  const { note, invoice, account } = input;
  const locale = input.locale ?? invoice.customer.locale ?? "en-US";
  const money = (amount: number) => formatMoney(amount, note.currency, locale);
  const date = (iso: string) => formatDate(iso, locale);
  const quantity = quantityFormat(locale);
  const invoiceNumber = note.invoice_number ?? invoice.invoice_number ?? "—";

  const totals: DocumentView["totals"] = [{ label: "Subtotal", value: money(note.subtotal) }];
  if (note.discount_amount > 0) totals.push({ label: "Discount", value: money(-note.discount_amount) });
  totals.push({ label: "Tax", value: money(note.tax_amount) });
  totals.push({ label: "Total", value: money(note.total_amount), strong: true });
  // Where the credit went, as the note split it: only the parts that hold money.
  const parts: Array<[string, number]> = [
    ["Taken off the amount due", note.due_amount],
    ["Refunded", note.refund_amount],
    ["Credited to the customer's balance", note.credit_amount],
    ["Settled outside", note.out_of_band_amount],
  ];
  for (const [label, amount] of parts) if (amount !== 0) totals.push({ label, value: money(amount) });

  return {
    documentTitle: `Credit note ${note.number}`,
    heading: "CREDIT NOTE",
    number: note.number,
    // The stored document is the note as issued; a later void is the API's to show.
    stamp: null,
    merchantName: account.name,
    merchantLines: merchantLines(account, locale),
    billTo: billToLines(invoice, locale),
    shipTo: shipToLines(invoice, locale),
    details: [
      ["Credit note number", note.number],
      ["Date", date(note.issue_date)],
      ["Invoice", invoiceNumber],
      ["Invoice date", date(invoice.issue_date)],
      ["Reason", REASONS[note.reason] ?? note.reason],
    ],
    correction: `Corrects invoice ${invoiceNumber} of ${date(invoice.issue_date)}.`,
    lines: note.lines.map((line) => {
      const rate = Number(line.tax_rate);
      return {
        description: line.description,
        // Credited by amount: no quantity of its own.
        quantity: line.quantity === null ? "—" : quantity(Number(line.quantity)),
        unitPrice: money(line.unit_price),
        taxRate: rate > 0 ? percent(rate, locale) : "",
        amount: money(line.amount),
      };
    }),
    // The base is what the line credits after its share of the discount, as the note priced it.
    taxSummary: taxSummary(
      note.lines.map((l) => ({ rate: Number(l.tax_rate), taxable: l.amount - l.discount_amount, tax: l.tax_amount })),
      money,
      locale,
    ),
    totals,
    memo: note.memo?.trim() || null,
    taxNote: taxStatusNote(invoice.customer_tax_status, "credit note"),
    footer: [account.legal_name || account.name, `Credit note ${note.number}`].join(" · "),
  };
}
