/*
 * Which of the merchant's bank details to print for an invoice's currency: a customer
 * paying in GBP wants a sort code, in USD ACH or wire details, elsewhere IBAN/BIC. When
 * nothing matches the currency we still print what exists rather than nothing.
 */
import type { Address, BankDetails } from "../../domain/types";

export type PaymentMethod = { title: string; rows: Array<[label: string, value: string]> };

export function bankInstructions(bank: BankDetails | null | undefined, currency: string): PaymentMethod[] {
  if (!bank) return [];
  const name = bank.account_name ?? null;
  const sepa: PaymentMethod | null = bank.iban
    ? {
        title: "Bank transfer",
        rows: rows([
          ["Account name", name],
          ["IBAN", bank.iban],
          ["BIC / SWIFT", bank.bic],
        ]),
      }
    : null;
  const uk: PaymentMethod | null = bank.uk
    ? {
        title: "UK bank transfer",
        rows: rows([
          ["Account name", name],
          ["Sort code", bank.uk.sort_code],
          ["Account number", bank.uk.account_number],
        ]),
      }
    : null;
  const ach: PaymentMethod | null = bank.us_ach
    ? {
        title: "ACH transfer",
        rows: rows([
          ["Account name", bank.us_ach.account_name],
          ["Bank", bank.us_ach.bank_name],
          ["Routing number", bank.us_ach.routing_number],
          ["Account number", bank.us_ach.account_number],
        ]),
      }
    : null;
  const wire = bank.us_wire;
  const wireMethod: PaymentMethod | null = wire
    ? {
        title: "Wire transfer",
        rows: rows([
          ["Account name", wire.account_name],
          ["Bank", wire.bank_name],
          ["Bank address", formatInline(wire.bank_address)],
          ["Routing number", wire.routing_number],
          ["Account number", wire.account_number],
          ["SWIFT", wire.swift_code],
        ]),
      }
    : null;

  const byCurrency: Record<string, Array<PaymentMethod | null>> = {
    EUR: [sepa],
    GBP: [uk, sepa],
    USD: [ach, wireMethod],
  };
  const preferred = (byCurrency[currency.toUpperCase()] ?? [sepa, wireMethod]).filter(isMethod);
  if (preferred.length > 0) return preferred;
  return [sepa, uk, wireMethod, ach].filter(isMethod);
}

function isMethod(m: PaymentMethod | null): m is PaymentMethod {
  return m !== null && m.rows.length > 0;
}

function rows(pairs: Array<[string, string | null | undefined]>): Array<[string, string]> {
  return pairs.filter((p): p is [string, string] => typeof p[1] === "string" && p[1].trim() !== "");
}

function formatInline(address: Address | null | undefined): string | null {
  if (!address) return null;
  return [address.line1, address.line2, address.city, address.state, address.postal_code, address.country].filter((part) => part?.trim()).join(", ");
}
