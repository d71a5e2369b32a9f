/*
 * Seller (BG-4), buyer (BG-7), their addresses and the payment means (BG-16), from the account
 * and the invoice as issued.
 */
import type { Account, Address, BankDetails, Customer, Invoice } from "../types";
import type { EInvoiceAddress, EInvoiceParty, EInvoicePaymentMeans } from "./model";

/** Trimmed text, or null when there is none: an empty string is no value in the norm either. */
export function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function documentAddress(address: Address | null | undefined): EInvoiceAddress {
  return {
    line1: text(address?.line1),
    line2: text(address?.line2),
    city: text(address?.city),
    postalCode: text(address?.postal_code),
    subdivision: text(address?.state),
    country: text(address?.country),
  };
}

/** BT-27 / BT-44 is the legal name; the name people know goes to BT-28 / BT-45 when it differs. */
function names(name: string, legalName: string | null): { name: string; tradingName: string | null } {
  const legal = text(legalName) ?? text(name) ?? "";
  const trading = text(name);
  return { name: legal, tradingName: trading && trading !== legal ? trading : null };
}

function contact(name: string | null, email: string | null, phone: string | null): EInvoiceParty["contact"] {
  const c = { name: text(name), email: text(email), phone: text(phone) };
  return c.name || c.email || c.phone ? c : null;
}

export function seller(account: Account, withVatId: boolean): EInvoiceParty {
  return {
    ...names(account.name, account.legal_name),
    vatId: withVatId ? text(account.tax_id) : null,
    companyId: text(account.company_id),
    electronicAddress: account.electronic_address,
    address: documentAddress(account.address),
    contact: contact(account.sender_name, account.email ?? account.sender_email, account.phone),
  };
}

/** The buyer as billed: the invoice keeps the billing address it was issued to. */
export function buyer(invoice: Invoice, withVatId: boolean): EInvoiceParty {
  const customer: Customer = invoice.customer;
  return {
    ...names(customer.name, customer.legal_name),
    vatId: withVatId ? text(customer.tax_id) : null,
    companyId: text(customer.company_id),
    electronicAddress: customer.electronic_address,
    address: documentAddress(invoice.billing_address ?? customer.billing_address),
    contact: contact(null, customer.email, customer.phone),
  };
}

/**
 * One payment means (BG-16): a SEPA transfer when there is an IBAN, else a local or
 * international credit transfer, else "not defined" (code 1), which needs no account (BR-61).
 * A US wire is preferred to ACH: an e-invoice mostly reaches a buyer abroad, where ACH is no use.
 */
export function paymentMeans(bank: BankDetails | null, remittance: string): EInvoicePaymentMeans {
  const accountName = text(bank?.account_name);
  const iban = text(bank?.iban)?.replace(/\s+/g, "");
  if (iban) return { code: "58", accountId: iban, accountName, bic: text(bank?.bic), remittance };
  if (bank?.uk) {
    const accountId = text(`${bank.uk.sort_code ?? ""}${bank.uk.account_number ?? ""}`.replace(/[\s-]+/g, ""));
    return { code: "30", accountId, accountName, bic: null, remittance };
  }
  if (bank?.us_wire) {
    const w = bank.us_wire;
    return { code: "30", accountId: text(w.account_number), accountName: text(w.account_name) ?? accountName, bic: text(w.swift_code), remittance };
  }
  if (bank?.us_ach) {
    const a = bank.us_ach;
    return { code: "30", accountId: text(a.account_number), accountName: text(a.account_name) ?? accountName, bic: null, remittance };
  }
  return { code: "1", accountId: null, accountName: null, bic: null, remittance };
}
