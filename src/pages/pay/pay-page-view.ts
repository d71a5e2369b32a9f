/*
 * Everything the pay page shows, as display strings, from the invoice and its account.
 * Pure: what the customer reads is tested apart from the markup.
 */
import { dateInZone } from "../../domain/dates";
import { formatMoney } from "../../domain/money";
import { payLinkFor } from "../../domain/pay-link";
import { postalAddressLines } from "../../domain/postal-address";
import type { Account, Invoice } from "../../domain/types";
import { bankInstructions, type PaymentMethod } from "../../services/pdf/bank-instructions";
import { accentPalette, type AccentPalette } from "./accent-color";
import { formatCalendarDate, formatQuantity, formatRate, resolveLocale } from "./locale";
import { OPEN_STATUSES } from "../../domain/lifecycle";

/**
 * No "voided" banner: a voided invoice's token answers the same 404 as an unknown one, so a
 * customer holding an old link learns nothing, and the page never renders one.
 */
export type Banner = { kind: "paid" | "overdue"; text: string };

export type PayPageView = {
  title: string;
  merchantName: string;
  logoUrl: string | null;
  palette: AccentPalette;
  heading: string;
  /** What the customer quotes on a bank transfer. */
  number: string;
  banner: Banner | null;
  amountDue: string;
  dueDate: string;
  details: Array<[string, string]>;
  billedTo: string[];
  lines: Array<{ description: string; quantity: string; unitPrice: string; taxRate: string; amount: string }>;
  totals: Array<{ label: string; value: string; strong?: boolean }>;
  payUrl: string | null;
  pdfUrl: string | null;
  instructions: PaymentMethod[];
  notes: string | null;
  contactEmail: string | null;
};

// Statuses in which money is still expected.
const OPEN: ReadonlySet<string> = new Set(OPEN_STATUSES);

/**
 * Overdue is shown from the due date itself (in the merchant's time zone), not only once the
 * alarm has run, so the page never looks more relaxed than the invoice is.
 */
function isOverdue(invoice: Invoice, account: Account, now: Date): boolean {
  if (invoice.amount_due <= 0 || !OPEN.has(invoice.status)) return false;
  return invoice.status === "overdue" || invoice.due_date < dateInZone(now, account.timezone);
}

const httpsOnly = (url: string | null) => (url && /^https:\/\//i.test(url) ? url : null);

/** "credit note CN-1", "credit notes CN-1 and CN-2", "credit notes CN-1, CN-2 and CN-3". */
function creditNotesPhrase(numbers: readonly string[]): string {
  if (numbers.length === 0) return "credit note";
  if (numbers.length === 1) return `credit note ${numbers[0]}`;
  return `credit notes ${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}`;
}

/**
 * A paid invoice says how it was settled: by credit notes or the customer's credit balance
 * alone it was never paid, and a customer told "Paid in full" would look for a payment.
 */
function paidBanner(invoice: Invoice, creditNoteNumbers: readonly string[], date: (iso: string) => string): Banner {
  const on = invoice.paid_at ? ` on ${date(invoice.paid_at)}` : "";
  const notes = invoice.credited_amount > 0 ? creditNotesPhrase(creditNoteNumbers) : null;
  const balance = invoice.applied_balance > 0 ? "your credit balance" : null;
  const by = notes && balance ? `${notes}${notes.includes(" and ") ? "," : ""} and ${balance}` : (notes ?? balance);
  if (!by) return { kind: "paid", text: `Paid in full${on}. Thank you.` };
  if (invoice.amount_paid === 0) return { kind: "paid", text: `Settled by ${by}${on}.` };
  return { kind: "paid", text: `Paid in full${on}, with ${by}. Thank you.` };
}

/**
 * The page of one invoice. `creditNoteNumbers` are the numbers of the issued notes that took
 * something off what it asks for, oldest first; they are named beside the credit.
 */
export function buildPayPageView(invoice: Invoice, account: Account, now: Date, creditNoteNumbers: readonly string[]): PayPageView {
  const locale = resolveLocale(invoice.customer.locale);
  const money = (amount: number) => formatMoney(amount, invoice.currency, locale);
  const date = (iso: string) => formatCalendarDate(iso.slice(0, 10), locale);
  const number = invoice.invoice_number ?? invoice.id;

  let banner: Banner | null = null;
  if (invoice.status === "paid") banner = paidBanner(invoice, creditNoteNumbers, date);
  else if (isOverdue(invoice, account, now))
    banner = { kind: "overdue", text: `Overdue: payment of ${money(invoice.amount_due)} was due on ${date(invoice.due_date)}.` };

  const details: Array<[string, string]> = [
    ["Invoice number", number],
    ["Issue date", date(invoice.issue_date)],
    ["Due date", date(invoice.due_date)],
  ];
  if (invoice.payment_terms) details.push(["Terms", invoice.payment_terms]);
  if (invoice.purchase_order_number) details.push(["PO number", invoice.purchase_order_number]);
  if (invoice.reference) details.push(["Reference", invoice.reference]);
  if (invoice.billing_period) details.push(["Billing period", `${date(invoice.billing_period.start)} – ${date(invoice.billing_period.end_inclusive)}`]);

  const totals: PayPageView["totals"] = [{ label: "Subtotal", value: money(invoice.subtotal) }];
  if (invoice.discount_amount > 0) {
    const label = invoice.discount?.type === "percent" ? `Discount (${formatRate(invoice.discount.percent / 100, locale)})` : "Discount";
    totals.push({ label, value: money(-invoice.discount_amount) });
  }
  totals.push({ label: "Tax", value: money(invoice.tax_amount) });
  totals.push({ label: "Total", value: money(invoice.total_amount), strong: true });
  totals.push({ label: "Amount paid", value: money(invoice.amount_paid) });
  // What is due is the total less payments, credit notes and the credit balance: each is a row, so the column adds up.
  if (invoice.credited_amount > 0) {
    const label = creditNotesPhrase(creditNoteNumbers);
    totals.push({ label: label.charAt(0).toUpperCase() + label.slice(1), value: money(-invoice.credited_amount) });
  }
  if (invoice.applied_balance > 0) totals.push({ label: "Paid from credit balance", value: money(-invoice.applied_balance) });
  totals.push({ label: "Amount due", value: money(invoice.amount_due), strong: true });

  const payUrl = payLinkFor(invoice, account, "pay_page")?.url ?? null;

  const merchantName = account.name;
  return {
    title: `Invoice ${number} from ${merchantName}`,
    merchantName,
    logoUrl: httpsOnly(account.logo_url),
    palette: accentPalette(account.accent_color),
    heading: `Invoice ${number}`,
    number,
    banner,
    amountDue: money(invoice.amount_due),
    dueDate: date(invoice.due_date),
    details,
    billedTo: [
      invoice.customer.legal_name ?? invoice.customer.name,
      ...postalAddressLines(invoice.billing_address ?? invoice.customer.billing_address, locale),
    ],
    lines: invoice.line_items.map((l) => ({
      description: l.description,
      quantity: formatQuantity(l.quantity, locale),
      unitPrice: money(l.unit_price),
      taxRate: formatRate(l.tax_rate, locale),
      amount: money(l.amount),
    })),
    totals,
    payUrl,
    pdfUrl: invoice.pdf_url,
    instructions: invoice.amount_due > 0 ? bankInstructions(account.bank_details, invoice.currency) : [],
    notes: invoice.notes,
    contactEmail: account.email,
  };
}
