/*
 * Invoices for the PDF tests and bench: a realistic merchant, customer and N priced lines.
 * Tax is rounded per line here: the renderers show the numbers they are given and never price,
 * so these need not follow priceInvoice's one rounding per VAT category and rate.
 */
import type { Account, Customer, Invoice, LineItem } from "../../src/domain/types";

export function pdfAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: "acct_test",
    object: "account",
    name: "Stateset",
    legal_name: "Stateset Inc.",
    email: "billing@stateset.example",
    phone: "+1 415 555 0100",
    address: { line1: "1 Market Street", line2: "Suite 300", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" },
    tax_id: "US-12-3456789",
    company_id: null,
    electronic_address: null,
    bank_details: {
      account_name: "Stateset Inc.",
      iban: "DE89370400440532013000",
      bic: "COBADEFFXXX",
      uk: { sort_code: "12-34-56", account_number: "12345678" },
      us_ach: { account_number: "000123456789", account_name: "Stateset Inc.", bank_name: "First Bank", routing_number: "110000000" },
      us_wire: {
        account_number: "000123456789",
        account_name: "Stateset Inc.",
        bank_name: "First Bank",
        routing_number: "110000000",
        swift_code: "FRSTUS33",
        bank_address: { line1: "100 Bank Plaza", city: "New York", state: "NY", postal_code: "10001", country: "US" },
      },
    },
    invoice_prefix: "INV",
    credit_note_prefix: "CN",
    default_currency: "USD",
    timezone: "UTC",
    default_payment_terms: "net_30",
    sender_email: null,
    sender_name: null,
    logo_url: null,
    accent_color: null,
    checkout_url_template: null,
    payment_link_display: "SHOW_PAYMENT_LINK",
    reminder_policy: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

export function pdfCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: "cust_test",
    object: "customer",
    name: "Acme Corporation",
    legal_name: null,
    email: "ap@acme.example",
    phone: null,
    billing_address: null,
    shipping_address: null,
    tax_id: null,
    company_id: null,
    electronic_address: null,
    tax_status: "taxed",
    e_invoicing: "optional",
    locale: null,
    timezone: null,
    metadata: {},
    credit_balances: {},
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

/** Line i: "Item 001 …", quantity 1–3, a price, tax 8 % or 0 %. */
export function pdfLines(count: number, describe: (i: number) => string = (i) => `Item ${String(i + 1).padStart(3, "0")} consulting hours`): LineItem[] {
  return Array.from({ length: count }, (_, i) => {
    const quantity = (i % 3) + 1;
    const unit_price = 12_500 + i * 7;
    const amount = quantity * unit_price;
    const tax_rate = i % 4 === 3 ? 0 : 0.08;
    return {
      id: `li_${i}`,
      description: describe(i),
      quantity,
      unit_price,
      amount,
      tax_rate,
      tax_amount: Math.round(amount * tax_rate),
      tax_category: tax_rate > 0 ? ("S" as const) : ("Z" as const),
      tax_exemption_reason: null,
      tax_exemption_reason_code: null,
      unit_code: "C62",
    };
  });
}

export function pdfInvoice(lines: LineItem[], overrides: Partial<Invoice> = {}): Invoice {
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const tax = lines.reduce((s, l) => s + l.tax_amount, 0);
  const paid = overrides.amount_paid ?? 0;
  return {
    id: "inv_test",
    object: "invoice",
    reminder_policy: null,
    invoice_number: "INV-2026-0042",
    status: "sent",
    customer_id: "cust_test",
    customer: pdfCustomer(),
    issue_date: "2026-11-02",
    due_date: "2026-12-02",
    currency: "USD",
    subtotal,
    discount: null,
    discount_amount: 0,
    tax_amount: tax,
    total_amount: subtotal + tax,
    amount_paid: paid,
    credited_amount: 0,
    amount_refunded: 0,
    refunds: [],
    applied_balance: 0,
    amount_due: subtotal + tax - paid,
    line_items: lines,
    billing_address: { line1: "500 Main Street", city: "Springfield", state: "IL", postal_code: "62701", country: "US" },
    shipping_address: { line1: "Dock 4, 77 Harbor Road", city: "Oakland", state: "CA", postal_code: "94607", country: "US" },
    customer_tax_status: "taxed",
    payment_terms: "Net 30",
    notes: "Thank you for your business.",
    memo: "Project Atlas, phase 2.",
    purchase_order_number: "PO-7781",
    reference: "Q4 retainer",
    billing_period: { start: "2026-10-01", end_inclusive: "2026-10-31" },
    schedule_id: null,
    accounting_date: null,
    payment_link_display: null,
    metadata: {},
    created_at: "2026-11-02T10:00:00Z",
    updated_at: "2026-11-02T10:00:00Z",
    finalized_at: "2026-11-02T10:00:00Z",
    sent_at: "2026-11-02T10:05:00Z",
    viewed_at: null,
    paid_at: null,
    voided_at: null,
    marked_uncollectible_at: null,
    sent_count: 1,
    last_sent_at: "2026-11-02T10:05:00Z",
    reminders_enabled: true,
    reminders_sent: 0,
    next_reminder_date: null,
    pdf_url: null,
    public_url: null,
    ...overrides,
  };
}
