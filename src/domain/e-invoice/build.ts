/*
 * An invoice or a credit note as the syntax-neutral EN 16931 document. Pure: the data comes as
 * the API shows it (the invoice as issued, see asIssued in src/services/documents.ts), and every
 * amount in the document is one of the API's, so the XML can say no other number.
 */
import { currencyExponent } from "../money";
import type { Account, Invoice } from "../types";
import { fitsTwoDecimals } from "./amounts";
import { allowances, type CreditNoteLineForEInvoice, creditNoteLines, groupLines, invoiceLines, type SourcedLine, vatBreakdown } from "./lines";
import type { EInvoiceDocument } from "./model";
import { buyer, documentAddress, paymentMeans, seller, text } from "./parties";

export type { CreditNoteLineForEInvoice } from "./lines";

/** A credit note as the API shows it; the stored CreditNote (src/db/credit-note-queries.ts) is one. */
export type CreditNoteForEInvoice = {
  number: string;
  issue_date: string;
  currency: string;
  memo: string | null;
  lines: CreditNoteLineForEInvoice[];
  subtotal: number;
  discount_amount: number;
  tax_amount: number;
  total_amount: number;
};

export type EInvoiceSource =
  | { kind: "invoice"; invoice: Invoice; account: Account }
  | { kind: "credit_note"; note: CreditNoteForEInvoice; invoice: Invoice; account: Account };

/**
 * The EN 16931 document for an invoice (380) or a credit note (381, pointing at its invoice).
 * A currency with more than two decimals cannot be one (BR-DEC-*): check with checkEInvoice first.
 */
export function buildEInvoice(source: EInvoiceSource): EInvoiceDocument {
  const currency = sourceCurrency(source);
  // checkEInvoice names this BR-DEC-09 and callers refuse it first; reaching it is a bug.
  if (!fitsTwoDecimals(currency)) throw new RangeError(`${currency} has more than two decimals: check the document with checkEInvoice first`);
  return assembleEInvoice(source).doc;
}

export function sourceCurrency(source: EInvoiceSource): string {
  return source.kind === "invoice" ? source.invoice.currency : source.note.currency;
}

type DocumentTotals = { subtotal: number; discount: number; tax: number; total: number; prepaid: number };

/**
 * The document with its lines' origins in the API, whatever the currency: the rule checker
 * reads both, and names the three-decimal currency as a rule of its own.
 */
export function assembleEInvoice(source: EInvoiceSource): { doc: EInvoiceDocument; lines: SourcedLine[] } {
  const { invoice, account } = source;
  const isNote = source.kind === "credit_note";
  const lines = isNote ? creditNoteLines(source.note.lines, invoice) : invoiceLines(invoice);
  const totals: DocumentTotals = isNote
    ? { subtotal: source.note.subtotal, discount: source.note.discount_amount, tax: source.note.tax_amount, total: source.note.total_amount, prepaid: 0 }
    : { subtotal: invoice.subtotal, discount: invoice.discount_amount, tax: invoice.tax_amount, total: invoice.total_amount, prepaid: invoice.applied_balance };
  assertConsistent(lines, totals);

  const groups = groupLines(lines);
  // An invoice not subject to VAT carries no VAT identifier at all (BR-O-02, BR-O-03, BR-O-04).
  const withVatIds = !lines.every((l) => l.line.category === "O") || lines.length === 0;
  // A draft has no number yet: its id stands in, so a preview still has a BT-1.
  const number = isNote ? source.note.number : (invoice.invoice_number ?? invoice.id);
  const currency = sourceCurrency(source);

  const doc: EInvoiceDocument = {
    kind: source.kind,
    typeCode: isNote ? "381" : "380",
    number,
    issueDate: isNote ? source.note.issue_date : invoice.issue_date,
    dueDate: isNote ? null : invoice.due_date,
    currency,
    exponent: currencyExponent(currency),
    buyerReference: text(invoice.reference),
    orderReference: text(invoice.purchase_order_number),
    precedingInvoice: isNote ? { number: invoice.invoice_number ?? invoice.id, issueDate: invoice.issue_date } : null,
    notes: (isNote ? [source.note.memo] : [invoice.memo, invoice.notes]).map(text).filter((n): n is string => n !== null),
    paymentTerms: isNote ? null : text(invoice.payment_terms),
    period: invoice.billing_period ? { start: invoice.billing_period.start, end: invoice.billing_period.end_inclusive } : null,
    seller: seller(account, withVatIds),
    buyer: buyer(invoice, withVatIds),
    deliveryAddress: invoice.shipping_address ? documentAddress(invoice.shipping_address) : null,
    // A credit note is settled by the note itself (against the invoice, a refund or the
    // balance): the buyer pays nothing, so it names no account to pay to.
    paymentMeans: isNote ? null : paymentMeans(account.bank_details, number),
    lines: lines.map((l) => l.line),
    allowances: allowances(groups),
    vatBreakdown: vatBreakdown(groups),
    totals: {
      lineNet: totals.subtotal,
      allowances: totals.discount,
      taxExclusive: totals.subtotal - totals.discount,
      tax: totals.tax,
      taxInclusive: totals.total,
      prepaid: totals.prepaid,
      payable: totals.total - totals.prepaid,
    },
  };
  return { doc, lines };
}

/** The API's totals are sums of its lines; a document that says otherwise must never be written. */
function assertConsistent(lines: SourcedLine[], t: DocumentTotals): void {
  const sum = (f: (l: SourcedLine) => number) => lines.reduce((a, l) => a + f(l), 0);
  const broken: string[] = [];
  if (sum((l) => l.line.netAmount) !== t.subtotal) broken.push("Σ line amounts ≠ subtotal");
  if (sum((l) => l.allowance) !== t.discount) broken.push("Σ line discounts ≠ discount_amount");
  if (sum((l) => l.taxAmount) !== t.tax) broken.push("Σ line tax ≠ tax_amount");
  if (t.subtotal - t.discount + t.tax !== t.total) broken.push("subtotal − discount + tax ≠ total_amount");
  if (broken.length > 0) throw new Error(`e-invoice source is inconsistent: ${broken.join(", ")}`);
}
