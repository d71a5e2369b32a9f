/*
 * Raw D1 rows (snake_case, JSON as text) to the API's shapes, by hand: the floor does the
 * mapping work the API must do too, without an ORM in between.
 */
import type { Account, Customer, Invoice, LineItem } from "../../../src/domain/types";

type Row = Record<string, unknown>;
const json = <T>(v: unknown): T | null => (typeof v === "string" ? (JSON.parse(v) as T) : null);
const str = (v: unknown) => (v == null ? null : String(v));

export function customerJson(r: Row): Customer {
  return {
    id: String(r.id),
    object: "customer",
    name: String(r.name),
    legal_name: str(r.legal_name),
    email: str(r.email),
    phone: str(r.phone),
    billing_address: json(r.billing_address),
    shipping_address: json(r.shipping_address),
    tax_id: str(r.tax_id),
    tax_status: r.tax_status as Customer["tax_status"],
    locale: str(r.locale),
    timezone: str(r.timezone),
    metadata: json(r.metadata) ?? {},
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  } as Customer;
}

export function lineJson(r: Row): LineItem {
  return {
    id: String(r.id),
    description: String(r.description),
    quantity: Number(r.quantity),
    unit_price: Number(r.unit_price),
    amount: Number(r.amount),
    tax_rate: Number(r.tax_rate),
    tax_amount: Number(r.tax_amount),
  };
}

export function invoiceJson(r: Row, lines: Row[], customer: Row, baseUrl: string): Invoice {
  return {
    id: String(r.id),
    object: "invoice",
    invoice_number: str(r.number),
    status: r.status as Invoice["status"],
    customer_id: String(r.customer_id),
    customer: customerJson(customer),
    issue_date: String(r.issue_date),
    due_date: String(r.due_date),
    currency: String(r.currency),
    subtotal: Number(r.subtotal),
    discount: null,
    discount_amount: Number(r.discount_amount),
    tax_amount: Number(r.tax_amount),
    total_amount: Number(r.total_amount),
    amount_paid: Number(r.amount_paid),
    amount_due: Number(r.total_amount) - Number(r.amount_paid),
    line_items: lines.map(lineJson),
    billing_address: json(r.billing_address),
    shipping_address: json(r.shipping_address),
    customer_tax_status: r.customer_tax_status as Invoice["customer_tax_status"],
    payment_terms: str(r.payment_terms),
    notes: str(r.notes),
    memo: str(r.memo),
    purchase_order_number: str(r.purchase_order_number),
    reference: str(r.reference),
    billing_period: r.billing_period_start ? { start: String(r.billing_period_start), end_inclusive: String(r.billing_period_end) } : null,
    accounting_date: str(r.accounting_date),
    payment_link_display: null,
    metadata: json(r.metadata) ?? {},
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
    finalized_at: str(r.finalized_at),
    sent_at: str(r.sent_at),
    viewed_at: str(r.viewed_at),
    paid_at: str(r.paid_at),
    voided_at: str(r.voided_at),
    marked_uncollectible_at: str(r.uncollectible_at),
    sent_count: Number(r.sent_count),
    last_sent_at: str(r.last_sent_at),
    reminders_enabled: Boolean(r.reminders_enabled),
    reminder_policy: json(r.reminder_policy),
    reminders_sent: Number(r.reminders_sent),
    next_reminder_date: str(r.next_reminder_at),
    pdf_url: r.pdf_token ? `${baseUrl}/documents/${r.pdf_token}.pdf` : null,
    public_url: r.public_token && !r.voided_at ? `${baseUrl}/pay/${r.public_token}` : null,
  };
}

export function accountJson(r: Row): Account {
  return {
    id: String(r.id),
    object: "account",
    name: String(r.name),
    legal_name: str(r.legal_name),
    email: str(r.email),
    phone: str(r.phone),
    address: json(r.address),
    tax_id: str(r.tax_id),
    bank_details: json(r.bank_details),
    invoice_prefix: String(r.invoice_prefix),
    default_currency: String(r.default_currency),
    timezone: String(r.timezone),
    default_payment_terms: String(r.default_payment_terms),
    sender_email: str(r.sender_email),
    sender_name: str(r.sender_name),
    logo_url: str(r.logo_url),
    accent_color: str(r.accent_color),
    checkout_url_template: str(r.checkout_url_template),
    payment_link_display: r.payment_link_display as Account["payment_link_display"],
    reminder_policy: json(r.reminder_policy),
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  } as Account;
}
