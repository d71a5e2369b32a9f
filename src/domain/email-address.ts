/*
 * The one rule for what counts as an email address, used by the API schemas (so a bad
 * address is a 400 before anything is written) and by the mailer (so nothing unchecked
 * reaches a header). mimetext 3.0.28 writes an address into its header verbatim, so a CR/LF
 * inside one starts a new header (measured): anything outside a plain addr-spec is refused
 * instead of escaped.
 */

export type EmailAddressCheck = { ok: true; address: string } | { ok: false; reason: string };

const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

// RFC 5322 dot-atom text minus the characters that are legal but only ever seen in attacks
// or typos (`"`, backtick, `|`, `{`, `}`): quoted local parts are not accepted at all.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_~-]+)*$/;
// RFC 1035: a label is 1–63 characters and neither starts nor ends with a hyphen.
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL_LABEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

const refuse = (reason: string): EmailAddressCheck => ({ ok: false, reason });

/**
 * Checks one address and returns it trimmed, with the domain lower-cased and, for an
 * internationalised domain, in its ASCII (punycode) form; or the reason it was refused.
 */
export function checkEmailAddress(value: string): EmailAddressCheck {
  const address = value.trim();
  if (address.length === 0) return refuse("Must be an email address.");
  // Named explicitly so the message says why; the patterns below would refuse them anyway.
  if (/[\r\n\0]/.test(address)) return refuse("An email address may not contain line breaks or NUL.");
  if (/[,;<>"()[\]\\\s]/.test(address)) {
    return refuse("Give a bare email address (name@example.com) without names, brackets, quotes, commas or spaces.");
  }
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1 || address.indexOf("@") !== at) return refuse("Must be an email address like name@example.com.");
  const local = address.slice(0, at);
  const domain = asciiDomain(address.slice(at + 1));
  if (local.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(local)) return refuse("The part before @ is not a valid mailbox name.");
  if (domain === null) return refuse("The part after @ is not a valid domain.");
  const normalised = `${local}@${domain}`;
  if (normalised.length > MAX_ADDRESS_LENGTH) return refuse("An email address is at most 254 characters.");
  return { ok: true, address: normalised };
}

/** True when `checkEmailAddress` accepts the value. */
export function isEmailAddress(value: string): boolean {
  return checkEmailAddress(value).ok;
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
