/*
 * Every address and display name is checked here before it reaches mimetext or a mail
 * API. mimetext 3.0.28 writes an address into its header verbatim, so a CR/LF inside one
 * starts a new header (measured); addresses follow the one rule in domain/email-address.ts,
 * and the caller learns which field (`param`) was wrong.
 */
import { DomainError } from "../../domain/errors";
import { checkEmailAddress } from "../../domain/email-address";

/** An address that passed `normaliseEmailAddress`, with an optional cleaned display name. */
export type MailboxAddress = { email: string; name: string | null };

const MAX_DISPLAY_NAME_LENGTH = 200;

/**
 * Validates one email address by the domain's rule (`checkEmailAddress`) and returns it
 * normalised. Throws a DomainError naming `param` for anything that is not a plain addr-spec.
 */
export function normaliseEmailAddress(value: unknown, param: string): string {
  if (typeof value !== "string") throw new DomainError(param, "Must be an email address.");
  const checked = checkEmailAddress(value);
  if (!checked.ok) throw new DomainError(param, checked.reason);
  return checked.address;
}

/**
 * Validates a list of addresses; `param` is the list's name and each error names the item
 * (`cc.1`). Duplicates (compared case-insensitively) are dropped, first one kept.
 */
export function normaliseAddressList(values: readonly unknown[] | null | undefined, param: string): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  (values ?? []).forEach((value, index) => {
    const address = normaliseEmailAddress(value, `${param}.${index}`);
    const key = address.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      result.push(address);
    }
  });
  return result;
}

/**
 * Cleans a display name (merchant, customer) for a header. Names come from stored data,
 * so they are repaired rather than refused: control characters and line/paragraph
 * separators become spaces, runs of whitespace collapse, and the result is capped.
 * Returns null when nothing printable is left.
 */
export function normaliseDisplayName(value: string | null | undefined): string | null {
  if (value == null) return null;
  const cleaned = singleLine(value);
  if (cleaned.length === 0) return null;
  return truncate(cleaned, MAX_DISPLAY_NAME_LENGTH);
}

/** One printable line: controls and separators become spaces, whitespace collapses. */
export function singleLine(value: string): string {
  return value
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** Cuts at a code point boundary and marks the cut with an ellipsis. */
export function truncate(value: string, maxLength: number): string {
  const chars = Array.from(value);
  return chars.length <= maxLength
    ? value
    : `${chars
        .slice(0, maxLength - 1)
        .join("")
        .trimEnd()}…`;
}
