/*
 * The words of the invoice and reminder emails, as plain text and HTML. Pure: takes facts
 * already formatted for the reader, returns strings. Every user-provided value in the HTML
 * goes through `escapeHtml`.
 */

export type InvoiceMailKind = "invoice" | "reminder";

export type InvoiceMailFacts = {
  kind: InvoiceMailKind;
  invoiceNumber: string;
  merchantName: string;
  customerName: string | null;
  /** Formatted for the reader, e.g. "$6,975.00". */
  amountDue: string;
  /** Formatted for the reader, e.g. "February 19, 2024". */
  dueDate: string;
  /** Whole days past the due date; 0 when not overdue. */
  daysOverdue: number;
  /** Hosted pay page; null when the merchant hides the payment link. */
  payUrl: string | null;
  /** The sender's own note, shown above the summary. */
  message: string | null;
  /** File name of the attached PDF, or null when none is attached. */
  attachmentName: string | null;
};

export function defaultSubject(kind: InvoiceMailKind, invoiceNumber: string, merchantName: string): string {
  return kind === "reminder" ? `Reminder: invoice ${invoiceNumber}` : `Invoice ${invoiceNumber} from ${merchantName}`;
}

/**
 * The sentence that says what the email is about. Past its due date an invoice says it is
 * overdue whichever email carries it: one sent again after the due date must not read as if
 * there were still time.
 */
function leadSentence(f: InvoiceMailFacts): string {
  if (f.daysOverdue > 0) {
    const days = f.daysOverdue === 1 ? "1 day" : `${f.daysOverdue} days`;
    return `Invoice ${f.invoiceNumber} from ${f.merchantName} for ${f.amountDue} was due on ${f.dueDate} and is now ${days} overdue.`;
  }
  if (f.kind === "invoice") {
    return `${f.merchantName} has sent you invoice ${f.invoiceNumber} for ${f.amountDue}, due on ${f.dueDate}.`;
  }
  return `This is a reminder that invoice ${f.invoiceNumber} from ${f.merchantName} for ${f.amountDue} is due on ${f.dueDate}.`;
}

export function renderText(f: InvoiceMailFacts): string {
  const lines: string[] = [f.customerName ? `Hello ${f.customerName},` : "Hello,", ""];
  if (f.message) lines.push(f.message, "");
  lines.push(leadSentence(f), "");
  lines.push(`Invoice: ${f.invoiceNumber}`, `Amount due: ${f.amountDue}`, `Due date: ${f.dueDate}`);
  if (f.daysOverdue > 0) lines.push(`Days overdue: ${f.daysOverdue}`);
  lines.push("");
  if (f.payUrl) lines.push(`View and pay online: ${f.payUrl}`, "");
  if (f.attachmentName) lines.push(`The invoice is attached as ${f.attachmentName}.`, "");
  lines.push(f.merchantName);
  return `${lines.join("\n")}\n`;
}

export function renderHtml(f: InvoiceMailFacts): string {
  const e = escapeHtml;
  const rows: [string, string][] = [
    ["Invoice", f.invoiceNumber],
    ["Amount due", f.amountDue],
    ["Due date", f.dueDate],
  ];
  if (f.daysOverdue > 0) rows.push(["Days overdue", String(f.daysOverdue)]);
  const table = rows
    .map(
      ([label, value]) => `<tr><td style="padding:4px 16px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0;font-weight:600">${e(value)}</td></tr>`,
    )
    .join("");
  const message = f.message ? `<p style="white-space:pre-line;margin:0 0 16px">${e(f.message)}</p>` : "";
  const button = f.payUrl
    ? `<p style="margin:24px 0"><a href="${e(f.payUrl)}" style="background:#1a56db;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none">View and pay invoice</a></p>`
    : "";
  const attachment = f.attachmentName ? `<p style="color:#555">The invoice is attached as ${e(f.attachmentName)}.</p>` : "";
  return [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><title>${e(f.invoiceNumber)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#111;line-height:1.5">`,
    `<p>${f.customerName ? `Hello ${e(f.customerName)},` : "Hello,"}</p>`,
    message,
    `<p>${e(leadSentence(f))}</p>`,
    `<table role="presentation" style="border-collapse:collapse">${table}</table>`,
    button,
    attachment,
    `<p>${e(f.merchantName)}</p>`,
    "</body></html>",
  ].join("\n");
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
