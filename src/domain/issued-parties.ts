/*
 * Who issued an invoice and to whom, as they were when it was numbered. An invoice's documents
 * (its PDF and its e-invoices) are rendered at their first request, maybe long after; a seller
 * or a customer edited in between must not change what a numbered invoice says, nor make an
 * invoice that passed the e-invoice rules at finalization fail them later.
 */
import type { Account, Customer, Invoice } from "./types";

const SELLER_FIELDS = [
  "name",
  "legal_name",
  "email",
  "phone",
  "address",
  "tax_id",
  "company_id",
  "electronic_address",
  "bank_details",
  "sender_name",
  "sender_email",
] as const;
// The addresses too: an invoice keeps its own billing/shipping address, but one drafted while the
// customer had none falls back to the customer's, which must then be the one it was issued with.
const BUYER_FIELDS = [
  "name",
  "legal_name",
  "email",
  "phone",
  "billing_address",
  "shipping_address",
  "tax_id",
  "company_id",
  "electronic_address",
  "locale",
] as const;

export type IssuedParties = {
  seller: Pick<Account, (typeof SELLER_FIELDS)[number]>;
  buyer: Pick<Customer, (typeof BUYER_FIELDS)[number]>;
};

const pick = <T, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> => Object.fromEntries(keys.map((k) => [k, from[k] ?? null])) as Pick<T, K>;

/** Taken at finalization, stored with the invoice. */
export function issuedPartiesOf(account: Account, customer: Customer): IssuedParties {
  return { seller: pick(account, SELLER_FIELDS), buyer: pick(customer, BUYER_FIELDS) };
}

/** The invoice and account as the documents show them: the parties as issued, when recorded (invoices finalized before they were kept have none). */
export function withIssuedParties(invoice: Invoice, account: Account, parties: IssuedParties | null | undefined): { invoice: Invoice; account: Account } {
  if (!parties) return { invoice, account };
  return { invoice: { ...invoice, customer: { ...invoice.customer, ...parties.buyer } }, account: { ...account, ...parties.seller } };
}
