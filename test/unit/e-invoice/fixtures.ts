/*
 * Invoices, accounts and credit notes for the e-invoice tests, priced by the API's own
 * priceInvoice so every amount is one the API could have stored.
 */
import type { CreditNoteForEInvoice } from "../../../src/domain/e-invoice/build";
import { lineTaxCategory } from "../../../src/domain/e-invoice/tax-category";
import { priceInvoice } from "../../../src/domain/totals";
import type { Account, Customer, Discount, Invoice, LineItem, TaxCategory, TaxStatus } from "../../../src/domain/types";

export function account(overrides: Partial<Account> = {}): Account {
  return {
    id: "acct_1",
    object: "account",
    name: "Muster Software",
    legal_name: "Muster Software GmbH",
    email: "billing@muster.example",
    phone: "+49 30 1234567",
    address: { line1: "Hauptstraße 1", city: "Berlin", postal_code: "10115", country: "DE" },
    tax_id: "DE123456789",
    company_id: "HRB 12345",
    electronic_address: { scheme: "9930", id: "DE123456789" },
    bank_details: { account_name: "Muster Software GmbH", iban: "DE89 3704 0044 0532 0130 00", bic: "COBADEFFXXX" },
    invoice_prefix: "INV",
    credit_note_prefix: "CN",
    default_currency: "EUR",
    timezone: "Europe/Berlin",
    default_payment_terms: "net_30",
    sender_email: "invoices@muster.example",
    sender_name: "Muster Billing",
    logo_url: null,
    accent_color: null,
    checkout_url_template: null,
    payment_link_display: "SHOW_PAYMENT_LINK",
    reminder_policy: null,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    ...overrides,
  };
}

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: "cus_1",
    object: "customer",
    name: "Beispiel",
    legal_name: "Beispiel AG",
    email: "ap@beispiel.example",
    phone: null,
    billing_address: { line1: "Marktplatz 5", city: "München", postal_code: "80331", country: "DE" },
    shipping_address: null,
    tax_id: "DE987654321",
    company_id: null,
    electronic_address: { scheme: "0088", id: "4035811991014" },
    tax_status: "taxed",
    e_invoicing: "optional",
    locale: "de-DE",
    timezone: null,
    metadata: {},
    credit_balances: {},
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    ...overrides,
  };
}

export type LineSpec = {
  description: string;
  quantity: number;
  unit_price: number;
  tax_rate?: number;
  tax_category?: TaxCategory;
  tax_exemption_reason?: string | null;
  tax_exemption_reason_code?: string | null;
  unit_code?: string;
  product_id?: string;
  account_code?: string;
};

/** An issued invoice for these lines, priced as the API prices them. */
export function invoice(
  lines: LineSpec[],
  opts: { discount?: Discount | null; customer?: Customer; currency?: string; overrides?: Partial<Invoice> } = {},
): Invoice {
  const cust = opts.customer ?? customer();
  const taxStatus: TaxStatus = cust.tax_status;
  const priced = priceInvoice({
    lines: lines.map((l) => ({ description: l.description, quantity: l.quantity, unit_price: l.unit_price, tax_rate: l.tax_rate ?? 0 })),
    discount: opts.discount ?? null,
    taxStatus,
    rounding: "half_away_from_zero",
  });
  const items: LineItem[] = priced.lines.map((p, i) => {
    const spec = lines[i]!;
    return {
      id: `li_${i + 1}`,
      description: p.description,
      quantity: Number(p.quantity),
      unit_price: p.unit_price,
      amount: p.amount,
      tax_rate: Number(p.tax_rate),
      tax_amount: p.tax_amount,
      tax_category: lineTaxCategory(taxStatus, Number(p.tax_rate) === 0, spec.tax_category),
      tax_exemption_reason: spec.tax_exemption_reason ?? null,
      tax_exemption_reason_code: spec.tax_exemption_reason_code ?? null,
      unit_code: spec.unit_code ?? "C62",
      ...(spec.product_id ? { product_id: spec.product_id } : {}),
      ...(spec.account_code ? { account_code: spec.account_code } : {}),
    };
  });
  return {
    id: "inv_1",
    object: "invoice",
    invoice_number: "INV-2024-0001",
    status: "finalized",
    customer_id: cust.id,
    customer: cust,
    issue_date: "2024-01-20",
    due_date: "2024-02-19",
    currency: opts.currency ?? "EUR",
    subtotal: priced.subtotal,
    discount: opts.discount ?? null,
    discount_amount: priced.discount_amount,
    tax_amount: priced.tax_amount,
    total_amount: priced.total_amount,
    amount_paid: 0,
    credited_amount: 0,
    amount_refunded: 0,
    refunds: [],
    applied_balance: 0,
    amount_due: priced.total_amount,
    line_items: items,
    billing_address: cust.billing_address,
    shipping_address: null,
    customer_tax_status: taxStatus,
    payment_terms: "Zahlbar innerhalb von 30 Tagen",
    notes: null,
    memo: null,
    purchase_order_number: null,
    reference: null,
    billing_period: null,
    schedule_id: null,
    accounting_date: null,
    payment_link_display: null,
    metadata: {},
    created_at: "2024-01-20T09:00:00Z",
    updated_at: "2024-01-20T09:00:00Z",
    finalized_at: "2024-01-20T09:00:00Z",
    sent_at: null,
    viewed_at: null,
    paid_at: null,
    voided_at: null,
    marked_uncollectible_at: null,
    sent_count: 0,
    last_sent_at: null,
    reminders_enabled: false,
    reminder_policy: null,
    reminders_sent: 0,
    next_reminder_date: null,
    pdf_url: null,
    public_url: null,
    ...opts.overrides,
  };
}

/** Seed-like: 8 h consulting and a training at 19 %, 3 books at 7 %, 10 % off. */
export function seedInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return invoice(
    [
      { description: "Beratung", quantity: 8, unit_price: 12000, tax_rate: 0.19, unit_code: "HUR", product_id: "prod_consulting", account_code: "8400" },
      { description: "Fachbuch", quantity: 3, unit_price: 4990, tax_rate: 0.07 },
      { description: "Schulung", quantity: 1, unit_price: 99999, tax_rate: 0.19 },
    ],
    { discount: { type: "percent", percent: 10 }, overrides },
  );
}

/** A credit note of these lines, its totals their sums (as the API stores them). */
export function creditNote(lines: CreditNoteForEInvoice["lines"], overrides: Partial<CreditNoteForEInvoice> = {}): CreditNoteForEInvoice {
  const sum = (f: (l: CreditNoteForEInvoice["lines"][number]) => number) => lines.reduce((a, l) => a + f(l), 0);
  const subtotal = sum((l) => l.amount);
  const discount = sum((l) => l.discount_amount);
  const tax = sum((l) => l.tax_amount);
  return {
    number: "CN-2024-0001",
    issue_date: "2024-02-01",
    currency: "EUR",
    memo: "Teilgutschrift",
    lines,
    subtotal,
    discount_amount: discount,
    tax_amount: tax,
    total_amount: subtotal - discount + tax,
    ...overrides,
  };
}
