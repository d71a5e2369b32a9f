/*
 * The Sequence-compatible view of an invoice (DESIGN §5, seed 003): the same invoice, in
 * Sequence's camelCase shape. Pure: it reads an Invoice, the merchant's Account and the
 * Customer and returns plain data; the /api routes serialise it as is.
 *
 * Absent values: a field the seed shows with a value but that we have nothing for is
 * `null` (never a made-up ""), so a client can tell "not set" from "empty". Inside an
 * address, missing parts are "" because Sequence itself renders them that way
 * (`"line2": ""` in the seed's shipping address).
 */
import { toMajorUnits } from "./money";
import { effectiveLinkDisplay } from "./pay-link";
import type { Account, Address, BankDetails, Customer, Invoice, InvoiceStatus, PaymentLinkDisplay, TaxStatus } from "./types";

export type SequenceInvoiceStatus = "DRAFT" | "FINAL" | "SENT" | "VOIDED";
export type SequencePaymentStatus = "UNPAID" | "PARTIALLY_PAID" | "PAID" | "UNCOLLECTIBLE";
export type SequenceTaxStatus = "TAXED" | "TAX_EXEMPT" | "REVERSE_CHARGED";
export type SequencePaymentOption = "BANK_TRANSFER" | "LINK";

export type SequenceAddress = {
  line1: string;
  line2: string;
  town: string;
  state: string;
  postcode: string;
  country: string;
};

/** The seed's wire bank address has no line2 key; it is added only when there is one. */
export type SequenceBankAddress = Omit<SequenceAddress, "line2"> & { line2?: string };

export type SequenceMerchantDetails = {
  address: SequenceAddress | null;
  phoneNumber: string | null;
  email: string | null;
  taxId: string | null;
  iban: string | null;
  ukAccountDetails: { sortCode: string; accountNumber: string } | null;
  usAchDetails: { accountNumber: string; accountName: string; bankName: string; bankRoutingNumber: string } | null;
  usWireDetails: {
    accountNumber: string;
    accountName: string;
    bankName: string;
    bankRoutingNumber: string;
    swiftCode: string;
    bankAddress: SequenceBankAddress | null;
  } | null;
  legalCompanyName: string;
  customFields: { key: string; value: string }[];
  includeBeneficiaryAddressInPaymentDetails: boolean;
};

export type SequenceInvoice = {
  id: string;
  sequenceAccountId: string;
  status: SequenceInvoiceStatus;
  currency: string;
  /** Null for drafts: numbers are assigned at finalization. */
  invoiceNumber: string | null;
  dueDate: string;
  purchaseOrderNumber: string | null;
  reference: string | null;
  customerEmails: string[];
  customerLegalCompanyName: string;
  customerBillingAddress: SequenceAddress | null;
  customerShippingAddress: SequenceAddress | null;
  memo: string | null;
  paymentOptions: SequencePaymentOption[];
  billingPeriod: { start: string; endInclusive: string } | null;
  customerId: string;
  totalTax: string;
  netTotal: string;
  grossTotal: string;
  metadata: { key: string; value: string }[];
  paymentStatus: SequencePaymentStatus;
  createdAt: string;
  creditNoteIds: string[];
  linkedServices: { externalId: string; externalService: string; syncTime: string }[];
  merchantDetails: SequenceMerchantDetails;
  accountingDate: string;
  customerTaxStatus: SequenceTaxStatus;
  renderSettings: { paymentLinkDisplay: PaymentLinkDisplay };
  isCustomerArchived: boolean;
  updatedAt: string;
};

/**
 * Sequence has no `sent`/`viewed`/`overdue`/`paid` statuses: payment lives in
 * `paymentStatus`, and SENT means "delivered to the customer". So every final, unvoided
 * invoice is SENT once it has been sent (sent_at set) and FINAL until then; an invoice paid
 * or written off without ever being emailed stays FINAL, as it would in Sequence.
 */
export function toSequenceStatus(status: InvoiceStatus, sentAt: string | null): SequenceInvoiceStatus {
  if (status === "draft") return "DRAFT";
  if (status === "voided") return "VOIDED";
  if (status === "finalized") return "FINAL";
  return sentAt ? "SENT" : "FINAL";
}

/** Uncollectible wins over the amounts: it is a decision about the remaining balance. */
export function toSequencePaymentStatus(invoice: Pick<Invoice, "status" | "amount_paid">): SequencePaymentStatus {
  if (invoice.status === "uncollectible") return "UNCOLLECTIBLE";
  if (invoice.status === "paid") return "PAID";
  return invoice.amount_paid > 0 ? "PARTIALLY_PAID" : "UNPAID";
}

const TAX_STATUS: Record<TaxStatus, SequenceTaxStatus> = {
  taxed: "TAXED",
  exempt: "TAX_EXEMPT",
  reverse_charge: "REVERSE_CHARGED",
};

export function toSequenceAddress(address: Address | null | undefined): SequenceAddress | null {
  if (!address) return null;
  return {
    line1: address.line1,
    line2: address.line2 ?? "",
    town: address.city ?? "",
    state: address.state ?? "",
    postcode: address.postal_code ?? "",
    country: address.country ?? "",
  };
}

function toBankAddress(address: Address | null | undefined): SequenceBankAddress | null {
  const full = toSequenceAddress(address);
  if (!full) return null;
  const { line2, ...rest } = full;
  return line2 ? { ...rest, line2 } : rest;
}

function hasBankDetails(bank: BankDetails | null): boolean {
  return Boolean(bank && (bank.iban || bank.uk || bank.us_ach || bank.us_wire));
}

/**
 * BANK_TRANSFER when the merchant has bank details to print; LINK when it can take online
 * payment (a checkout URL template), which is what Sequence's payment link stands for.
 * Whether the link is rendered is a separate setting (renderSettings.paymentLinkDisplay).
 */
export function toSequencePaymentOptions(account: Pick<Account, "bank_details" | "checkout_url_template">): SequencePaymentOption[] {
  const options: SequencePaymentOption[] = [];
  if (hasBankDetails(account.bank_details)) options.push("BANK_TRANSFER");
  if (account.checkout_url_template) options.push("LINK");
  return options;
}

export function toSequenceMerchantDetails(account: Account): SequenceMerchantDetails {
  const bank = account.bank_details;
  return {
    address: toSequenceAddress(account.address),
    phoneNumber: account.phone,
    email: account.email,
    taxId: account.tax_id,
    iban: bank?.iban ?? null,
    ukAccountDetails: bank?.uk ? { sortCode: bank.uk.sort_code, accountNumber: bank.uk.account_number } : null,
    usAchDetails: bank?.us_ach
      ? {
          accountNumber: bank.us_ach.account_number,
          accountName: bank.us_ach.account_name,
          bankName: bank.us_ach.bank_name,
          bankRoutingNumber: bank.us_ach.routing_number,
        }
      : null,
    usWireDetails: bank?.us_wire
      ? {
          accountNumber: bank.us_wire.account_number,
          accountName: bank.us_wire.account_name,
          bankName: bank.us_wire.bank_name,
          bankRoutingNumber: bank.us_wire.routing_number,
          swiftCode: bank.us_wire.swift_code,
          bankAddress: toBankAddress(bank.us_wire.bank_address),
        }
      : null,
    legalCompanyName: account.legal_name ?? account.name,
    // We keep no merchant custom fields; the key is there because Sequence always sends it.
    customFields: [],
    includeBeneficiaryAddressInPaymentDetails: false,
  };
}

/** What the view reads of the customer: an Invoice's embedded customer is enough. */
export type SequenceCustomer = Pick<Customer, "name" | "email"> & { legal_name?: string | null };

/**
 * The invoice in Sequence's shape. Totals are decimal strings in major units, and follow
 * Sequence's definitions rather than its example's numbers: the seed shows netTotal "12",
 * totalTax "2", grossTotal "10", which cannot all hold (gross = net + tax). Net is the
 * amount before tax after discounts (subtotal − discount), tax is the tax, and gross is what
 * the customer owes in total. `creditNoteIds` are the ids of the invoice's credit notes,
 * oldest first (read apart: the invoice does not carry them).
 */
export function toSequenceInvoice(invoice: Invoice, account: Account, customer: SequenceCustomer, creditNoteIds: readonly string[]): SequenceInvoice {
  const currency = invoice.currency;
  return {
    id: invoice.id,
    sequenceAccountId: account.id,
    status: toSequenceStatus(invoice.status, invoice.sent_at),
    currency,
    invoiceNumber: invoice.invoice_number,
    dueDate: invoice.due_date,
    purchaseOrderNumber: invoice.purchase_order_number,
    reference: invoice.reference,
    customerEmails: customer.email ? [customer.email] : [],
    customerLegalCompanyName: customer.legal_name ?? customer.name,
    // The invoice's own copies: a final invoice keeps the addresses it was issued with.
    customerBillingAddress: toSequenceAddress(invoice.billing_address),
    customerShippingAddress: toSequenceAddress(invoice.shipping_address),
    memo: invoice.memo,
    paymentOptions: toSequencePaymentOptions(account),
    billingPeriod: invoice.billing_period ? { start: invoice.billing_period.start, endInclusive: invoice.billing_period.end_inclusive } : null,
    customerId: invoice.customer_id,
    totalTax: toMajorUnits(invoice.tax_amount, currency),
    netTotal: toMajorUnits(invoice.subtotal - invoice.discount_amount, currency),
    grossTotal: toMajorUnits(invoice.total_amount, currency),
    metadata: Object.entries(invoice.metadata).map(([key, value]) => ({ key, value })),
    paymentStatus: toSequencePaymentStatus(invoice),
    createdAt: invoice.created_at,
    creditNoteIds: [...creditNoteIds],
    // No accounting-system links exist here; Sequence always sends the key.
    linkedServices: [],
    merchantDetails: toSequenceMerchantDetails(account),
    accountingDate: invoice.accounting_date ?? invoice.issue_date,
    customerTaxStatus: TAX_STATUS[invoice.customer_tax_status],
    renderSettings: { paymentLinkDisplay: effectiveLinkDisplay(invoice.payment_link_display, account.payment_link_display) },
    isCustomerArchived: false,
    updatedAt: invoice.updated_at,
  };
}
