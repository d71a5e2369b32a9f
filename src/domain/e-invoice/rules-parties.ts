/*
 * The rules on who and where (BR-06..11, BR-57, BR-CO-09, BR-CO-26, BR-CL-14, BR-CL-25), on the
 * document as it would be written, each with the API field that fills it.
 */
import type { EInvoiceSource } from "./build";
import { COUNTRY_CODES, EAS_CODES, VAT_ID_PREFIXES } from "./code-lists";
import type { EInvoiceAddress, EInvoiceDocument, EInvoiceParty, EInvoiceRuleError } from "./model";

type Add = (rule: string, field: string, message: string) => void;

function address(add: Add, a: EInvoiceAddress | null, path: string, who: string, rules: { missing: string; country: string }): void {
  if (!a) {
    add(rules.missing, path, `The ${who} needs a postal address: set ${path}, with its country.`);
    add(rules.country, `${path}.country`, `The ${who}'s postal address needs a country code: set ${path}.country (ISO 3166-1 alpha-2, e.g. "DE").`);
    return;
  }
  if (!a.country)
    add(rules.country, `${path}.country`, `The ${who}'s postal address needs a country code: set ${path}.country (ISO 3166-1 alpha-2, e.g. "DE").`);
  else if (!COUNTRY_CODES.has(a.country))
    add("BR-CL-14", `${path}.country`, `"${a.country}" is not an ISO 3166-1 alpha-2 country code: set ${path}.country to one, in capitals (e.g. "DE").`);
}

function party(add: Add, p: EInvoiceParty, owner: "account" | "customer", who: string): void {
  if (p.vatId && !VAT_ID_PREFIXES.has(p.vatId.slice(0, 2)))
    add(
      "BR-CO-09",
      `${owner}.tax_id`,
      `The ${who}'s VAT identifier must start with its country's ISO 3166-1 alpha-2 code ("EL" for Greece), e.g. "DE123456789": fix ${owner}.tax_id.`,
    );
  const scheme = p.electronicAddress?.scheme.trim();
  if (p.electronicAddress && (!scheme || !EAS_CODES.has(scheme)))
    add(
      "BR-CL-25",
      `${owner}.electronic_address.scheme`,
      `"${p.electronicAddress.scheme}" is not a scheme of the EAS code list (e.g. "0088" GLN, "9930" German VAT id, "EM" email): fix ${owner}.electronic_address.scheme.`,
    );
}

export function partyRules(source: EInvoiceSource, doc: EInvoiceDocument): EInvoiceRuleError[] {
  const errors: EInvoiceRuleError[] = [];
  const add: Add = (rule, field, message) => errors.push({ rule, field, message });
  const { invoice, account } = source;

  if (!doc.seller.name) add("BR-06", "account.legal_name", "The seller needs a name: set the account's legal_name (or name).");
  if (!doc.buyer.name) add("BR-07", "customer.legal_name", "The buyer needs a name: set the customer's legal_name (or name).");

  address(add, account.address ? doc.seller.address : null, "account.address", "seller", { missing: "BR-08", country: "BR-09" });
  // The invoice keeps the billing address it was issued to; a draft may still take the customer's.
  const billing = invoice.billing_address ? "invoice.billing_address" : "customer.billing_address";
  address(add, (invoice.billing_address ?? invoice.customer.billing_address) ? doc.buyer.address : null, billing, "buyer", {
    missing: "BR-10",
    country: "BR-11",
  });
  const delivery = doc.deliveryAddress;
  if (delivery && !delivery.country)
    add("BR-57", "invoice.shipping_address.country", "A shipping address (deliver-to) needs a country code: set invoice.shipping_address.country.");
  else if (delivery?.country && !COUNTRY_CODES.has(delivery.country))
    add(
      "BR-CL-14",
      "invoice.shipping_address.country",
      `"${delivery.country}" is not an ISO 3166-1 alpha-2 country code: fix invoice.shipping_address.country.`,
    );

  party(add, doc.seller, "account", "seller");
  party(add, doc.buyer, "customer", "buyer");
  // The buyer must be able to tell who the seller is: a VAT id or a registration id (BT-29 we have none of).
  if (!doc.seller.vatId && !doc.seller.companyId)
    add(
      "BR-CO-26",
      "account.company_id",
      "The seller must be identifiable: set the account's company_id (trade register number) or, where VAT applies, tax_id.",
    );
  return errors;
}
