/**
 * A document's file name, `{kind}_{number}.{extension}` (`.pdf` unless said), the same in an
 * email attachment and a download: anything but letters, digits, `.`, `_` and `-` in the number
 * is replaced, so the name is safe in a MIME header, a Content-Disposition and a file system.
 */
export function documentFilename(kind: "invoice" | "credit_note", number: string, extension = "pdf"): string {
  return `${kind}_${number.replace(/[^A-Za-z0-9._-]/g, "_")}.${extension}`;
}
