/*
 * Every address and display name is checked here before it reaches mimetext or a mail
 * API. mimetext 3.0.28 writes an address into its header verbatim, so a CR/LF inside one
 * starts a new header (measured); anything outside a plain addr-spec is refused instead of
 * escaped, and the caller learns which field (`param`) was wrong.
 */
import { DomainError } from "../../domain/errors";

/** An address that passed `normaliseEmailAddress`, with an optional cleaned display name. */
export type MailboxAddress = { email: string; name: string | null };

const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_DISPLAY_NAME_LENGTH = 200;

// RFC 5322 dot-atom text minus the characters that are legal but only ever seen in attacks
// or typos (`"`, backtick, `|`, `{`, `}`): quoted local parts are not accepted at all.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_~-]+)*$/;
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL_LABEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * Validates one email address and returns it trimmed, with the domain lower-cased and, for
 * an internationalised domain, converted to its ASCII (punycode) form.
 * Throws a DomainError naming `param` for anything that is not a plain addr-spec.
 */
export function normaliseEmailAddress(value: unknown, param: string): string {
  if (typeof value !== "string") throw new DomainError(param, "Must be an email address.");
  const address = value.trim();
  if (address.length === 0) throw new DomainError(param, "Must be an email address.");
  // Named explicitly so the message says why; the pattern below would refuse them anyway.
  if (/[\r\n\0]/.test(address)) throw new DomainError(param, "An email address may not contain line breaks or NUL.");
  if (/[,;<>"()[\]\\\s]/.test(address)) {
    throw new DomainError(param, "Give a bare email address (name@example.com) without names, brackets, quotes, commas or spaces.");
  }
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1 || address.indexOf("@") !== at) {
    throw new DomainError(param, "Must be an email address like name@example.com.");
  }
  const local = address.slice(0, at);
  const domain = asciiDomain(address.slice(at + 1));
  if (local.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(local)) {
    throw new DomainError(param, "The part before @ is not a valid mailbox name.");
  }
  if (domain === null) throw new DomainError(param, "The part after @ is not a valid domain.");
  const normalised = `${local}@${domain}`;
  if (normalised.length > MAX_ADDRESS_LENGTH) throw new DomainError(param, "An email address is at most 254 characters.");
  return normalised;
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

/** ASCII form of a domain, or null when it is not a plausible internet host name. */
function asciiDomain(domain: string): string | null {
  let ascii = domain;
  // Checked before the URL parser sees it: the parser would quietly cut "bü.de/x.com" to "bü.de".
  if (/[^\p{L}\p{N}\p{M}.-]/u.test(domain)) return null;
  if (/[^\x00-\x7f]/.test(domain)) {
    // The URL parser applies IDNA (UTS #46), the same mapping browsers and MTAs use.
    try {
      ascii = new URL(`http://${domain}/`).hostname;
    } catch {
      return null;
    }
  }
  ascii = ascii.toLowerCase();
  if (ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (labels.length < 2) return null;
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  return TOP_LEVEL_LABEL.test(labels[labels.length - 1] ?? "") ? ascii : null;
}
