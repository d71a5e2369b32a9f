import { z } from "@hono/zod-openapi";
import type { CreditNote } from "../../db/credit-note-queries";
import { CREDIT_NOTE_REASONS } from "../../domain/credit-notes";
import { listEnvelope, listQuery, MetadataSchema, minorUnitsInput } from "../../openapi/common-schemas";
import type { Same } from "../../openapi/same-shape";
import { InvoiceSchema } from "../invoices/invoices.schemas";

const MinorUnits = z.number().int();
const minor = (description: string) => MinorUnits.openapi({ description: `${description} In the currency's minor unit.` });

export const CreditNoteLineSchema = z
  .object({
    id: z.string().openapi({ description: "The credit note line's id.", example: "cnli_8fj2" }),
    invoice_line_item_id: z.string().openapi({ description: "The invoice line this credits." }),
    description: z.string().openapi({ description: "The invoice line's description." }),
    quantity: z.string().nullable().openapi({ description: "Units credited, as decimal text; null when the line was credited by amount.", example: "10" }),
    unit_price: minor("The invoice line's unit price."),
    amount: minor("What is credited of the line's amount, before discount and tax."),
    discount_amount: minor("The line's share of the invoice discount, credited with it."),
    tax_rate: z.string().openapi({ description: "The invoice line's tax rate, a decimal fraction.", example: "0.08" }),
    tax_amount: minor("The tax credited with it."),
  })
  .openapi("CreditNoteLine", { description: "A part of one invoice line a credit note credits, with that part's discount and tax." });

const creditNoteFields = {
  number: z.string().openapi({
    description: "{credit_note_prefix}-{YYYY}-{NNNN}: the next of the account's gapless credit note series for the year of issue_date.",
    example: "CN-2026-0001",
  }),
  invoice_id: z.string().openapi({ description: "The invoice this note corrects." }),
  invoice_number: z.string().nullable().openapi({ description: "That invoice's number.", example: "INV-2026-0001" }),
  currency: z.string().openapi({ description: "The invoice's currency.", example: "USD" }),
  reason: z.enum(CREDIT_NOTE_REASONS).openapi({ description: "Why the invoice is corrected." }),
  memo: z.string().nullable().openapi({ description: "Free text for the customer, printed on the note." }),
  issue_date: z.string().openapi({ description: "The day the note was issued, in the account's time zone.", format: "date", example: "2026-03-02" }),
  subtotal: minor("The credited lines' amounts, before discount and tax."),
  discount_amount: minor("The credited share of the invoice discount."),
  tax_amount: minor("The credited tax."),
  total_amount: minor(
    "subtotal − discount_amount + tax_amount: what the note credits in all; due_amount + refund_amount + credit_amount + out_of_band_amount.",
  ),
  due_amount: minor("The part taken off what the invoice still asked for (its credited_amount)."),
  refund_amount: minor("The part refunded of what was paid (the invoice's amount_refunded)."),
  credit_amount: minor("The part added to the customer's credit balance, applied to their next invoice in this currency."),
  out_of_band_amount: minor("The part settled outside this API."),
};

export const CreditNoteSchema = z
  .object({
    id: z.string().openapi({ description: "The credit note's id.", example: "cn_3kq9" }),
    object: z.literal("credit_note").openapi({ description: "Always credit_note." }),
    ...creditNoteFields,
    status: z.enum(["issued", "void"]).openapi({ description: "issued when made (a note is final at once); void once voided, its number still taken." }),
    customer_id: z.string().openapi({ description: "The invoice's customer." }),
    lines: z.array(CreditNoteLineSchema).openapi({ description: "What the note credits, line by line (a lump amount is spread over the invoice's lines)." }),
    metadata: MetadataSchema,
    pdf_url: z.string().openapi({ description: "The note's PDF, public: the unguessable token in the URL is the credential." }),
    voided_at: z.string().nullable().openapi({ description: "When the note was voided; null while issued.", format: "date-time" }),
    created_at: z.string().openapi({ description: "When the note was issued.", format: "date-time" }),
    updated_at: z.string().openapi({ description: "When the note last changed (issued or voided).", format: "date-time" }),
  })
  .openapi("CreditNote", { description: "A credit note: a final document of its own, numbered in its own series, correcting a final invoice." });

export const CreditNotePreviewSchema = z
  .object({
    object: z.literal("credit_note_preview").openapi({ description: "Always credit_note_preview." }),
    ...creditNoteFields,
    number: z.null().openapi({ description: "Always null: a number is assigned only when a note is issued." }),
    lines: z.array(CreditNoteLineSchema.omit({ id: true })).openapi({ description: "What the note would credit, line by line." }),
    invoice_amount_due_after: minor("What the invoice would still ask for once the note is issued."),
  })
  .openapi("CreditNotePreview", { description: "The note POST /v1/credit_notes would issue for the same body now; nothing is written." });

export const IssuedCreditNoteSchema = CreditNoteSchema.extend({
  invoice: InvoiceSchema.openapi({ description: "The invoice as the note leaves it: credited_amount, amount_refunded, amount_due and status." }),
}).openapi("IssuedCreditNote", { description: "A credit note, with the invoice it corrects as the change left it." });

const Amount = minorUnitsInput(1, 1e15);
const Part = minorUnitsInput(0, 1e15);

export const CreateCreditNoteSchema = z
  .strictObject({
    invoice_id: z.string().min(1).max(64).openapi({ description: "The final invoice to correct (not a draft or a voided one)." }),
    lines: z
      .array(
        z.strictObject({
          invoice_line_item_id: z.string().min(1).max(64).openapi({ description: "A line of the invoice; each line at most once per note." }),
          quantity: z
            .union([z.number().positive(), z.string().max(20)])
            .optional()
            .openapi({ description: "Credits this many units at the line's unit price (up to 4 decimal places), at most what is left of the line." }),
          amount: Amount.optional().openapi({ description: "Credits this much of the line's amount (before discount and tax), at most what is left of it." }),
        }),
      )
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: "Lines to credit: whole (neither quantity nor amount), a quantity, or an amount; each with its share of discount and tax." }),
    amount: Amount.optional().openapi({
      description: "Instead of lines: a lump sum before tax, spread over the invoice's lines like the discount, each share with its line's tax.",
    }),
    reason: z.enum(CREDIT_NOTE_REASONS).openapi({ description: "Why the invoice is corrected." }),
    memo: z.string().max(1000).nullable().optional().openapi({ description: "Free text for the customer, printed on the note." }),
    refund_amount: Part.optional().openapi({ description: "Of the part already paid: refunded, recorded against the invoice's payments. Minor units." }),
    credit_amount: Part.optional().openapi({
      description: "Of the part already paid: added to the customer's credit balance in the invoice's currency. Minor units.",
    }),
    out_of_band_amount: Part.optional().openapi({ description: "Of the part already paid: settled outside this API. Minor units." }),
    metadata: MetadataSchema.optional(),
  })
  .openapi("CreateCreditNote", {
    description:
      "The credit first lowers what the invoice still asks for. Any part of it the invoice was already paid must be split by refund_amount, credit_amount and out_of_band_amount, which add up to it exactly.",
  });

export const ListCreditNotesQuery = z.object({
  ...listQuery,
  invoice_id: z.string().max(64).optional().openapi({ description: "Only the notes of this invoice." }),
  customer_id: z.string().max(64).optional().openapi({ description: "Only the notes of this customer's invoices." }),
});

export const CreditNoteListSchema = listEnvelope(CreditNoteSchema, "CreditNoteList");

// The type the services return and the schema the API documents must describe the same object.
const creditNoteShape: Same<z.infer<typeof CreditNoteSchema>, CreditNote> = true;
void creditNoteShape;
