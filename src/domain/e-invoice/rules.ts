/*
 * Which official EN 16931 rules an invoice or a credit note would break as an e-invoice, named
 * as the CEN artefacts name them, each with the API field to fix. It checks the very document
 * buildEInvoice would write, so what passes here passes the validator on the fields we fill.
 * Works on drafts (they have no number yet, which is not reported).
 */
import { assembleEInvoice, type EInvoiceSource } from "./build";
import { UNIT_CODES } from "./code-lists";
import type { SourcedLine } from "./lines";
import type { EInvoiceDocument, EInvoiceRuleError } from "./model";
import { partyRules } from "./rules-parties";
import { vatRules } from "./rules-vat";

export function checkEInvoice(source: EInvoiceSource): EInvoiceRuleError[] {
  const { doc, lines } = assembleEInvoice(source);
  const linesPath = source.kind === "invoice" ? "line_items" : "lines";
  const errors = [
    ...documentRules(source, doc),
    ...partyRules(source, doc),
    ...lineRules(lines, linesPath),
    ...vatRules({ doc, lines, linesPath }),
    ...paymentRules(source, doc),
  ];
  return ordered(errors);
}

function documentRules(source: EInvoiceSource, doc: EInvoiceDocument): EInvoiceRuleError[] {
  const errors: EInvoiceRuleError[] = [];
  // The one decimal rule a three-decimal currency breaks first: the sum of line net amounts (BT-106).
  if (doc.exponent > 2)
    errors.push({
      rule: "BR-DEC-09",
      field: "currency",
      message: `EN 16931 amounts have at most two decimals, and ${doc.currency} has ${doc.exponent}: invoices in ${doc.currency} cannot be e-invoices.`,
    });
  if (source.kind === "invoice" && source.invoice.status !== "draft" && !source.invoice.invoice_number)
    errors.push({ rule: "BR-02", field: "invoice.invoice_number", message: "An issued invoice needs its number." });
  if (doc.period && doc.period.end < doc.period.start)
    errors.push({ rule: "BR-29", field: "invoice.billing_period", message: "The billing period must not end before it starts: fix invoice.billing_period." });
  return errors;
}

function lineRules(lines: SourcedLine[], linesPath: string): EInvoiceRuleError[] {
  const errors: EInvoiceRuleError[] = [];
  if (lines.length === 0) errors.push({ rule: "BR-16", field: linesPath, message: "An e-invoice needs at least one line: add a line item." });
  for (const l of lines) {
    if (!l.line.name.trim())
      errors.push({ rule: "BR-25", field: `${l.path}.description`, message: "Each line needs an item name: set the line's description." });
    if (!UNIT_CODES.has(l.line.unitCode))
      errors.push({
        rule: "BR-CL-23",
        field: `${l.invoiceLinePath}.unit_code`,
        message: `"${l.line.unitCode}" is not a UN/ECE Recommendation 20 unit code: set the line's unit_code to one (C62 one, HUR hour, DAY day, KGM kilogram …).`,
      });
  }
  return errors;
}

function paymentRules(source: EInvoiceSource, doc: EInvoiceDocument): EInvoiceRuleError[] {
  const errors: EInvoiceRuleError[] = [];
  const means = doc.paymentMeans;
  if (means && (means.code === "30" || means.code === "58") && !means.accountId)
    errors.push({
      rule: "BR-61",
      field: "account.bank_details",
      message: "A credit transfer needs the account to pay to: complete the account's bank_details (IBAN, or the account number).",
    });
  // BR-CO-25 is the norm's (the CEN artefacts 1.3.16 do not test it). A credit note's amount is
  // settled by the note itself, so it is asked of invoices only; theirs always have a due date.
  if (source.kind === "invoice" && doc.totals.payable > 0 && !doc.dueDate && !doc.paymentTerms)
    errors.push({
      rule: "BR-CO-25",
      field: "invoice.due_date",
      message: "An amount due needs a due date or payment terms: set the invoice's due_date or payment_terms.",
    });
  return errors;
}

/** By rule, then field, each pair once: the same data gives the same list. */
function ordered(errors: EInvoiceRuleError[]): EInvoiceRuleError[] {
  const seen = new Map<string, EInvoiceRuleError>();
  for (const e of errors) {
    const key = `${e.rule}\u0000${e.field}`;
    if (!seen.has(key)) seen.set(key, e);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...seen.values()].sort((a, b) => cmp(a.rule, b.rule) || cmp(a.field, b.field));
}
