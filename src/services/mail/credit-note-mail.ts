/*
 * The credit note email: what the note credits and where the credit went, in plain text and
 * HTML, with the note's PDF, through the rules every email follows (compose-mail.ts). Every
 * user-provided value in the HTML goes through `escapeHtml`.
 */
import { documentFilename } from "../../domain/document-filename";
import { formatMoney } from "../../domain/money";
import { type ComposedMail, composeMail, type MailFacts, type MailRequest } from "./compose-mail";
import { escapeHtml } from "./invoice-mail-body";

export type CreditNoteMailRequest = Omit<MailRequest, "customer"> & {
  note: {
    number: string;
    invoice_number: string | null;
    currency: string;
    total_amount: number;
    due_amount: number;
    refund_amount: number;
    credit_amount: number;
    out_of_band_amount: number;
  };
  customer: { name: string; email: string | null };
  /** The note's PDF, attached as credit_note_{number}.pdf. */
  pdf: Uint8Array;
  /** Locale for amounts, e.g. the customer's; defaults to en-US. */
  locale?: string | null;
};

type CreditNoteMailFacts = MailFacts & {
  number: string;
  invoiceNumber: string | null;
  total: string;
  /** Where the credit went, only the parts that hold money: [label, amount]. */
  parts: Array<[string, string]>;
  attachmentName: string;
};

export function buildCreditNoteMail(req: CreditNoteMailRequest): ComposedMail {
  const { note } = req;
  const locale = req.locale || "en-US";
  const money = (amount: number) => formatMoney(amount, note.currency, locale);
  const attachment = { filename: documentFilename("credit_note", note.number), contentType: "application/pdf", content: req.pdf };
  const parts = (
    [
      ["Taken off the amount due", note.due_amount],
      ["Refunded", note.refund_amount],
      ["Credited to your balance", note.credit_amount],
      ["Settled outside", note.out_of_band_amount],
    ] as const
  )
    .filter(([, amount]) => amount !== 0)
    .map(([label, amount]): [string, string] => [label, money(amount)]);
  return composeMail(req, {
    defaultSubject: (merchantName) => `Credit note ${note.number} from ${merchantName}`,
    attachment,
    render: (mail) => {
      const facts: CreditNoteMailFacts = {
        ...mail,
        number: note.number,
        invoiceNumber: note.invoice_number,
        total: money(note.total_amount),
        parts,
        attachmentName: attachment.filename,
      };
      return { text: renderText(facts), html: renderHtml(facts) };
    },
  });
}

function leadSentence(f: CreditNoteMailFacts): string {
  const corrects = f.invoiceNumber ? `, correcting invoice ${f.invoiceNumber}` : "";
  return `${f.merchantName} has issued credit note ${f.number} for ${f.total}${corrects}.`;
}

function rows(f: CreditNoteMailFacts): Array<[string, string]> {
  return [
    ["Credit note", f.number],
    ...(f.invoiceNumber ? [["Corrects invoice", f.invoiceNumber] as [string, string]] : []),
    ["Amount credited", f.total],
    ...f.parts,
  ];
}

function renderText(f: CreditNoteMailFacts): string {
  const lines: string[] = [f.customerName ? `Hello ${f.customerName},` : "Hello,", ""];
  if (f.message) lines.push(f.message, "");
  lines.push(leadSentence(f), "");
  lines.push(...rows(f).map(([label, value]) => `${label}: ${value}`), "");
  lines.push(`The credit note is attached as ${f.attachmentName}.`, "");
  lines.push(f.merchantName);
  return `${lines.join("\n")}\n`;
}

function renderHtml(f: CreditNoteMailFacts): string {
  const e = escapeHtml;
  const table = rows(f)
    .map(
      ([label, value]) => `<tr><td style="padding:4px 16px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0;font-weight:600">${e(value)}</td></tr>`,
    )
    .join("");
  const message = f.message ? `<p style="white-space:pre-line;margin:0 0 16px">${e(f.message)}</p>` : "";
  return [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><title>${e(f.number)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#111;line-height:1.5">`,
    `<p>${f.customerName ? `Hello ${e(f.customerName)},` : "Hello,"}</p>`,
    message,
    `<p>${e(leadSentence(f))}</p>`,
    `<table role="presentation" style="border-collapse:collapse">${table}</table>`,
    `<p style="color:#555">The credit note is attached as ${e(f.attachmentName)}.</p>`,
    `<p>${e(f.merchantName)}</p>`,
    "</body></html>",
  ].join("\n");
}
