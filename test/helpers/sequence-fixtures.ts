/*
 * Our Account, Customer and Invoice holding what seed 003 shows, so that the Sequence view of
 * them can be compared with the seed field by field. The seed's totals (net 12, tax 2,
 * gross 10) cannot all hold; the invoice uses the consistent reading: net 10 + tax 2 = gross 12.
 */
import type { Account, Customer, Invoice } from "../../src/domain/types";
import { SEQUENCE_SEED_INVOICE as seed } from "./sequence-seed";

export const seedAccount = (): Account => ({
  id: seed.sequenceAccountId,
  object: "account",
  name: "Merchant",
  legal_name: seed.merchantDetails.legalCompanyName,
  email: seed.merchantDetails.email,
  phone: seed.merchantDetails.phoneNumber,
  address: {
    line1: "Flat 1",
    line2: "123 Fake Street",
    city: "New York",
    state: "NY",
    postal_code: "AB1 2EF",
    country: "US",
  },
  tax_id: seed.merchantDetails.taxId,
  bank_details: {
    account_name: "John Doe",
    iban: seed.merchantDetails.iban,
    bic: null,
    uk: { sort_code: "123456", account_number: "12345678" },
    us_ach: { account_number: "12345678", account_name: "John Doe", bank_name: "Chase", routing_number: "123456789" },
    us_wire: {
      account_number: "12345678",
      account_name: "John Doe",
      bank_name: "Chase",
      routing_number: "123456789",
      swift_code: "CHASUS33",
      bank_address: { line1: "JP Morgan Chase", city: "New York City", state: "NY", postal_code: "10017", country: "US" },
    },
  },
  invoice_prefix: "INV",
  credit_note_prefix: "CN",
  default_currency: "GBP",
  timezone: "UTC",
  default_payment_terms: "Net 30",
  sender_email: null,
  sender_name: null,
  logo_url: null,
  accent_color: null,
  checkout_url_template: null,
  payment_link_display: "HIDE_PAYMENT_LINK",
  reminder_policy: null,
  created_at: "2022-01-01T00:00:00Z",
  updated_at: "2022-01-01T00:00:00Z",
});

export const seedCustomer = (): Customer => ({
  id: seed.customerId,
  object: "customer",
  name: "Facebook",
  legal_name: null,
  email: "customer@example.com",
  phone: null,
  billing_address: {
    line1: "Flat 1",
    line2: "15 Yemen Road",
    city: "Yemen",
    state: "CA",
    postal_code: "YE1 2YE",
    country: "YE",
  },
  shipping_address: {
    line1: "742 Evergreen Terrace",
    line2: null,
    city: "Springfield",
    state: "CA",
    postal_code: "12345",
    country: "US",
  },
  tax_id: null,
  tax_status: "taxed",
  locale: null,
  timezone: null,
  metadata: {},
  credit_balances: {},
  created_at: "2022-01-01T00:00:00Z",
  updated_at: "2022-01-01T00:00:00Z",
});

/** A sent, unpaid GBP invoice: £10 net + £2 tax = £12. */
export const seedInvoice = (overrides: Partial<Invoice> = {}): Invoice => {
  const customer = seedCustomer();
  return {
    id: seed.id,
    object: "invoice",
    reminder_policy: null,
    invoice_number: seed.invoiceNumber,
    status: "sent",
    customer_id: customer.id,
    customer,
    issue_date: "2022-10-05",
    due_date: seed.dueDate,
    currency: "GBP",
    subtotal: 1000,
    discount: null,
    discount_amount: 0,
    tax_amount: 200,
    total_amount: 1200,
    amount_paid: 0,
    credited_amount: 0,
    amount_refunded: 0,
    refunds: [],
    applied_balance: 0,
    amount_due: 1200,
    line_items: [{ id: "li_1", description: "Seats", quantity: 1, unit_price: 1000, amount: 1000, tax_rate: 0.2, tax_amount: 200 }],
    billing_address: customer.billing_address,
    shipping_address: customer.shipping_address,
    customer_tax_status: "taxed",
    payment_terms: "Net 30",
    notes: null,
    memo: seed.memo,
    purchase_order_number: seed.purchaseOrderNumber,
    reference: seed.reference,
    billing_period: { start: seed.billingPeriod.start, end_inclusive: seed.billingPeriod.endInclusive },
    accounting_date: seed.accountingDate,
    payment_link_display: null,
    metadata: { "example-label": "label-value" },
    created_at: seed.createdAt,
    updated_at: seed.updatedAt,
    finalized_at: "2022-10-30T00:00:00Z",
    sent_at: "2022-10-30T00:00:00Z",
    viewed_at: null,
    paid_at: null,
    voided_at: null,
    marked_uncollectible_at: null,
    sent_count: 1,
    last_sent_at: "2022-10-30T00:00:00Z",
    reminders_enabled: true,
    reminders_sent: 0,
    next_reminder_date: "2022-11-06",
    pdf_url: "https://invoices.test/pdf/x",
    public_url: "https://invoices.test/pay/x",
    ...overrides,
  };
};

/**
 * What the Sequence view of the seed-equivalent sent invoice must be: the seed itself, except
 * where the seed is not something our input can produce — its status says DRAFT on a send
 * response, its totals are inconsistent, and we have no credit notes or linked services.
 */
export const expectedSeedView = () => ({
  ...structuredClone(seed),
  status: "SENT",
  netTotal: "10",
  totalTax: "2",
  grossTotal: "12",
  creditNoteIds: [],
  linkedServices: [],
});
