/*
 * Encodings mimetext leaves to its caller. mimetext writes each name and the subject as a
 * single RFC 2047 encoded word and body data as given, so a long subject becomes one line
 * past the 998-octet SMTP limit and UTF-8 text would go out unencoded. These helpers keep
 * every line of the message short and 7-bit.
 */

const CRLF = "\r\n";
/**
 * Bytes of UTF-8 per encoded word: 39 bytes → 52 base64 chars → a 64-char word, so even
 * the first word after "Reply-To: " stays within the 78-character line RFC 5322 asks for.
 */
const WORD_BYTES = 39;
const encoder = new TextEncoder();

/** Standard base64 of bytes (no line breaks). */
export function base64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Base64 wrapped at 76 characters per line, as RFC 2045 requires for a body part. */
export function base64Lines(bytes: Uint8Array): string {
  return (base64(bytes).match(/.{1,76}/g) ?? []).join(CRLF);
}

/** A UTF-8 text body as wrapped base64. */
export function base64Text(text: string): string {
  return base64Lines(encoder.encode(text.replace(/\r?\n/g, CRLF)));
}

/**
 * Header text as folded RFC 2047 encoded words when it needs encoding, else as it is.
 * Words are split on code point boundaries so no word carries half a character.
 */
export function encodeHeaderText(text: string): string {
  assertNoLineBreak(text);
  if (/^[\x20-\x7e]*$/.test(text) && text.length <= 900 && !/=\?/.test(text)) return text;
  return encodedWords(text).join(`${CRLF} `);
}

/** `Name <addr>` for a header, the name quoted when ASCII and encoded otherwise. */
export function formatMailbox(email: string, name: string | null): string {
  assertNoLineBreak(email);
  if (name) assertNoLineBreak(name);
  if (!name) return `<${email}>`;
  if (/^[\x20-\x7e]*$/.test(name) && !/=\?/.test(name)) {
    return `"${name.replace(/(["\\])/g, "\\$1")}" <${email}>`;
  }
  return `${encodedWords(name).join(`${CRLF} `)}${CRLF} <${email}>`;
}

function encodedWords(text: string): string[] {
  const words: string[] = [];
  let current: number[] = [];
  for (const char of text) {
    const bytes = encoder.encode(char);
    if (current.length + bytes.length > WORD_BYTES) {
      words.push(encodedWord(current));
      current = [];
    }
    current.push(...bytes);
  }
  if (current.length > 0 || words.length === 0) words.push(encodedWord(current));
  return words;
}

function encodedWord(bytes: number[]): string {
  return `=?UTF-8?B?${base64(Uint8Array.from(bytes))}?=`;
}

/** Last line of defence: callers clean text first, so reaching this is a bug, not input. */
function assertNoLineBreak(value: string): void {
  if (/[\r\n\0]/.test(value)) throw new RangeError("header text must be a single line");
}
