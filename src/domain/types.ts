/*
 * The plain data the domain, the renderers (PDF, email, pay page) and the API agree on.
 * Shapes are the public API's (snake_case, amounts in minor units); nothing here knows
 * about HTTP or D1.
 */

import type { ReminderPolicy } from "./reminder-policy";

export const INVOICE_STATUSES = ["draft", "finalized", "sent", "viewed", "partially_paid", "paid", "overdue", "voided", "uncollectible"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const TAX_STATUSES = ["taxed", "exempt", "reverse_charge"] as const;
export type TaxStatus = (typeof TAX_STATUSES)[number];

export type Address = {
  line1: string;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
};

export type BankDetails = {
  account_name?: string | null;
  iban?: string | null;
  bic?: string | null;
  uk?: { sort_code: string; account_number: string } | null;
  us_ach?: { account_number: string; account_name: string; bank_name: string; routing_number: string } | null;
  us_wire?: {
    account_number: string;
    account_name: string;
    bank_name: string;
    routing_number: string;
    swift_code: string;
    bank_address?: Address | null;
  } | null;
};

export type PaymentLinkDisplay = "SHOW_PAYMENT_LINK" | "HIDE_PAYMENT_LINK";

/** An electronic address for e-invoice delivery (EN 16931 BT-34 / BT-49): an EAS scheme code and the id in it, e.g. {scheme: "0088", id: "4035811991014"}. */
export type ElectronicAddress = { scheme: string; id: string };

/** EN 16931 VAT category codes (UNCL5305 subset the norm uses). */
export const TAX_CATEGORIES = ["S", "Z", "E", "AE", "K", "G", "O"] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

/** Whether a customer's invoices must be valid EN 16931 e-invoices before they can be finalized. */
export const E_INVOICING_MODES = ["optional", "required"] as const;
export type EInvoicingMode = (typeof E_INVOICING_MODES)[number];

export type Account = {
  id: string;
  object: "account";
  name: string;
  legal_name: string | null;
  email: string | null;
  phone: string | null;
  address: Address | null;
  tax_id: string | null;
  /** Company registration id (EN 16931 BT-30), e.g. a trade register number. */
  company_id: string | null;
  /** Where e-invoices reach this account (BT-34). */
  electronic_address: ElectronicAddress | null;
  bank_details: BankDetails | null;
  invoice_prefix: string;
  /** Credit notes are numbered {credit_note_prefix}-{YYYY}-{NNNN}, in a series of their own. */
  credit_note_prefix: string;
  default_currency: string;
  timezone: string;
  default_payment_terms: string;
  sender_email: string | null;
  sender_name: string | null;
  logo_url: string | null;
  accent_color: string | null;
  checkout_url_template: string | null;
  payment_link_display: PaymentLinkDisplay;
  reminder_policy: ReminderPolicy | null;
  created_at: string;
  updated_at: string;
};

export type Customer = {
  id: string;
  object: "customer";
  name: string;
  legal_name: string | null;
  email: string | null;
  phone: string | null;
  billing_address: Address | null;
  shipping_address: Address | null;
  tax_id: string | null;
  /** Company registration id (BT-47). */
  company_id: string | null;
  /** Where e-invoices reach this customer (BT-49). */
  electronic_address: ElectronicAddress | null;
  tax_status: TaxStatus;
  /** "required": an invoice is finalized only when it would be a valid EN 16931 e-invoice. */
  e_invoicing: EInvoicingMode;
  locale: string | null;
  timezone: string | null;
  metadata: Record<string, string>;
  /** Minor units owed to the customer per currency (credit notes), used by its next invoices. */
  credit_balances: Record<string, number>;
  created_at: string;
  updated_at: string;
};

export type LineItem = {
  id: string;
  description: string;
  /** Up to 4 decimal places. */
  quantity: number;
  unit_price: number;
  amount: number;
  /** A fraction: 0.08 is 8 %. */
  tax_rate: number;
  tax_amount: number;
  /** The line's VAT category: derived from the customer's tax status and the rate, or set on the line. */
  tax_category: TaxCategory;
  /** Why the line is exempt (E) or not taxed here (AE, K, G, O): text, a VATEX code, or both. */
  tax_exemption_reason: string | null;
  tax_exemption_reason_code: string | null;
  /** UN/ECE Recommendation 20 unit code: "C62" (one, the default), "HUR" (hour), "DAY"… */
  unit_code: string;
  product_id?: string;
  account_code?: string;
};

export type Discount = { type: "amount"; amount: number } | { type: "percent"; percent: number };

export type Invoice = {
  id: string;
  object: "invoice";
  invoice_number: string | null;
  status: InvoiceStatus;
  customer_id: string;
  customer: Customer;
  issue_date: string;
  due_date: string;
  currency: string;
  subtotal: number;
  discount: Discount | null;
  discount_amount: number;
  tax_amount: number;
  total_amount: number;
  amount_paid: number;
  /** Taken off what was due by credit notes. */
  credited_amount: number;
  /** Given back of what was paid, by credit notes. */
  amount_refunded: number;
  /** The refunds behind amount_refunded, oldest first. */
  refunds: { id: string; object: "refund"; amount: number; currency: string; credit_note_id: string; created_at: string }[];
  /** Paid from the customer's credit balance when the invoice was finalized. */
  applied_balance: number;
  amount_due: number;
  line_items: LineItem[];
  billing_address: Address | null;
  shipping_address: Address | null;
  customer_tax_status: TaxStatus;
  payment_terms: string | null;
  notes: string | null;
  memo: string | null;
  purchase_order_number: string | null;
  reference: string | null;
  billing_period: { start: string; end_inclusive: string } | null;
  /** The recurring schedule that issued the invoice, if one did. */
  schedule_id: string | null;
  accounting_date: string | null;
  payment_link_display: PaymentLinkDisplay | null;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
  finalized_at: string | null;
  sent_at: string | null;
  viewed_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  marked_uncollectible_at: string | null;
  sent_count: number;
  last_sent_at: string | null;
  reminders_enabled: boolean;
  /** This invoice's own reminder policy; null when the account's default applies. */
  reminder_policy: ReminderPolicy | null;
  reminders_sent: number;
  next_reminder_date: string | null;
  /** Link to the PDF that works without an API key; null for drafts. */
  pdf_url: string | null;
  /** Hosted pay page; null for drafts. */
  public_url: string | null;
};
