import { z } from "@hono/zod-openapi";
import type { CreditNote } from "../../db/credit-note-queries";
import { CREDIT_NOTE_REASONS } from "../../domain/credit-notes";
import { listEnvelope, listQuery, MetadataSchema, minorUnitsInput } from "../../openapi/common-schemas";
import type { Same } from "../../openapi/same-shape";
import { InvoiceSchema } from "../invoices/invoices.schemas";

const MinorUnits = z.number().int();

export const CreditNoteLineSchema = z
  .object({
    id: z.string(),
    invoice_line_item_id: z.string(),
    description: z.string(),
    quantity: z.string().nullable().openapi({ description: "Decimal text; null when the line was credited by amount." }),
    unit_price: MinorUnits,
    amount: MinorUnits,
    discount_amount: MinorUnits.openapi({ description: "The line's share of the invoice discount, credited with it." }),
    tax_rate: z.string(),
    tax_amount: MinorUnits,
  })
  .openapi("CreditNoteLine");

const creditNoteFields = {
  number: z.string().openapi({ example: "CN-2026-0001" }),
  invoice_id: z.string(),
  invoice_number: z.string().nullable(),
  currency: z.string(),
  reason: z.enum(CREDIT_NOTE_REASONS),
  memo: z.string().nullable(),
  issue_date: z.string(),
  subtotal: MinorUnits,
  discount_amount: MinorUnits,
  tax_amount: MinorUnits,
  total_amount: MinorUnits,
  due_amount: MinorUnits.openapi({ description: "The part taken off what the invoice still asked for." }),
  refund_amount: MinorUnits,
  credit_amount: MinorUnits.openapi({ description: "The part added to the customer's credit balance." }),
  out_of_band_amount: MinorUnits,
};

export const CreditNoteSchema = z
  .object({
    id: z.string().openapi({ example: "cn_3kq9" }),
    object: z.literal("credit_note"),
    ...creditNoteFields,
    status: z.enum(["issued", "void"]),
    customer_id: z.string(),
    lines: z.array(CreditNoteLineSchema),
    metadata: MetadataSchema,
    pdf_url: z.string(),
    voided_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("CreditNote");

export const CreditNotePreviewSchema = z
  .object({
    object: z.literal("credit_note_preview"),
    ...creditNoteFields,
    number: z.null(),
    lines: z.array(CreditNoteLineSchema.omit({ id: true })),
    invoice_amount_due_after: MinorUnits,
  })
  .openapi("CreditNotePreview");

export const IssuedCreditNoteSchema = CreditNoteSchema.extend({ invoice: InvoiceSchema }).openapi("IssuedCreditNote");

const Amount = minorUnitsInput(1, 1e15);
const Part = minorUnitsInput(0, 1e15);

export const CreateCreditNoteSchema = z
  .strictObject({
    invoice_id: z.string().min(1).max(64),
    lines: z
      .array(
        z.strictObject({
          invoice_line_item_id: z.string().min(1).max(64),
          quantity: z
            .union([z.number().positive(), z.string().max(20)])
            .optional()
            .openapi({ description: "Credits this many units at the line's unit price." }),
          amount: Amount.optional().openapi({ description: "Credits this much of the line's amount (before tax)." }),
        }),
      )
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: "Lines to credit: whole (neither quantity nor amount), a quantity, or an amount; each with its share of discount and tax." }),
    amount: Amount.optional().openapi({
      description: "Instead of lines: a lump sum before tax, spread over the invoice's lines like the discount, each share with its line's tax.",
    }),
    reason: z.enum(CREDIT_NOTE_REASONS),
    memo: z.string().max(1000).nullable().optional(),
    refund_amount: Part.optional(),
    credit_amount: Part.optional(),
    out_of_band_amount: Part.optional(),
    metadata: MetadataSchema.optional(),
  })
  .openapi("CreateCreditNote", {
    description:
      "The credit first lowers what the invoice still asks for. Any part of it the invoice was already paid must be split by refund_amount, credit_amount and out_of_band_amount, which add up to it exactly.",
  });

export const ListCreditNotesQuery = z.object({ ...listQuery, invoice_id: z.string().max(64).optional(), customer_id: z.string().max(64).optional() });

export const CreditNoteListSchema = listEnvelope(CreditNoteSchema, "CreditNoteList");

// The type the services return and the schema the API documents must describe the same object.
const creditNoteShape: Same<z.infer<typeof CreditNoteSchema>, CreditNote> = true;
void creditNoteShape;
