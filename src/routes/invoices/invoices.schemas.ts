import { EventSchema } from "../events/events.schemas";
import { z } from "@hono/zod-openapi";
import { INVOICE_STATUSES, TAX_CATEGORIES, TAX_STATUSES } from "../../domain/types";
import { INVOICE_SORTS } from "../../db/invoice-queries";
import {
  AddressSchema,
  CurrencySchema,
  DateSchema,
  MetadataSchema,
  TaxRateInput,
  listEnvelope,
  listQuery,
  minorUnitsInput,
  nullableRef,
} from "../../openapi/common-schemas";
import { CustomerSchema } from "../customers/customers.schemas";
import { ReminderPolicySchema } from "./reminders.schemas";
import type { Invoice } from "../../domain/types";
import type { Same } from "../../openapi/same-shape";

const MinorUnits = z.number().int().openapi({ description: "Integer amount in the currency's minor unit (cents for USD)." });

const TaxCategorySchema = z.enum(TAX_CATEGORIES);
const TAX_CATEGORY_TEXT =
  "EN 16931 VAT category (BT-151): S standard rate, Z zero rated, E exempt, AE reverse charge, K intra-community supply, G export outside the EU, O not subject to VAT. Only S bears tax; S needs a tax_rate above 0, every other category a tax_rate of 0.";
const EXEMPTION_REASON_TEXT = "Why no VAT is charged (EN 16931 BT-120), for lines in E, AE, K, G or O; not allowed on S or Z lines.";
const EXEMPTION_CODE_TEXT = "VATEX code of the exemption reason (EN 16931 BT-121), such as VATEX-EU-132-1I.";
const UNIT_CODE_TEXT = 'UN/ECE Recommendation 20 unit code (EN 16931 BT-130): "C62" one (the default), "HUR" hour, "DAY" day, "KGM" kilogram…';

export const LineItemSchema = z
  .object({
    id: z.string().openapi({ example: "li_123456" }),
    description: z.string(),
    quantity: z.number(),
    unit_price: MinorUnits,
    amount: MinorUnits,
    tax_rate: z.number(),
    tax_amount: MinorUnits.openapi({
      description:
        "This line's share of its VAT group's tax: the lines of one tax_category and tax_rate bear round(Σ taxable × rate) together (EN 16931 BR-CO-17), split by largest remainder, so each line bears its own taxable × rate rounded up or down.",
    }),
    tax_category: TaxCategorySchema.openapi({
      description: `${TAX_CATEGORY_TEXT} Always the category the line takes: the one it names, or the one derived from the customer's tax_status and the rate.`,
    }),
    tax_exemption_reason: z.string().nullable().openapi({ description: EXEMPTION_REASON_TEXT }),
    tax_exemption_reason_code: z.string().nullable().openapi({ description: EXEMPTION_CODE_TEXT }),
    unit_code: z.string().openapi({ description: UNIT_CODE_TEXT, example: "C62" }),
    product_id: z.string().optional(),
    account_code: z.string().optional(),
  })
  .openapi("LineItem");

export const DiscountSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("amount"), amount: minorUnitsInput(0, 1e15) }),
    z.strictObject({ type: z.literal("percent"), percent: z.number().min(0).max(100) }),
  ])
  .openapi("Discount");

const BillingPeriodSchema = z.strictObject({ start: DateSchema, end_inclusive: DateSchema }).openapi("BillingPeriod");

export const InvoiceSchema = z
  .object({
    id: z.string().openapi({ example: "inv_0901f083aa1c43c5" }),
    object: z.literal("invoice"),
    invoice_number: z.string().nullable().openapi({ example: "INV-2024-0001" }),
    status: z.enum(INVOICE_STATUSES),
    customer_id: z.string(),
    customer: CustomerSchema,
    issue_date: z.string(),
    due_date: z.string(),
    currency: z.string(),
    subtotal: MinorUnits,
    discount: nullableRef(DiscountSchema),
    discount_amount: MinorUnits,
    tax_amount: MinorUnits,
    total_amount: MinorUnits,
    amount_paid: MinorUnits,
    credited_amount: MinorUnits.openapi({ description: "Taken off what was due by credit notes." }),
    amount_refunded: MinorUnits.openapi({ description: "Given back of what was paid, by credit notes." }),
    refunds: z
      .array(
        z
          .object({ id: z.string(), object: z.literal("refund"), amount: MinorUnits, currency: z.string(), credit_note_id: z.string(), created_at: z.string() })
          .openapi("Refund", { description: "Money a credit note gave back of what the invoice was paid." }),
      )
      .openapi({ description: "The refunds behind amount_refunded, oldest first." }),
    applied_balance: MinorUnits.openapi({ description: "Paid from the customer's credit balance when the invoice was finalized." }),
    amount_due: MinorUnits.openapi({ description: "total_amount − amount_paid − credited_amount − applied_balance, never below 0." }),
    line_items: z.array(LineItemSchema),
    billing_address: nullableRef(AddressSchema),
    shipping_address: nullableRef(AddressSchema),
    customer_tax_status: z.enum(TAX_STATUSES),
    payment_terms: z.string().nullable(),
    notes: z.string().nullable(),
    memo: z.string().nullable(),
    purchase_order_number: z.string().nullable(),
    reference: z.string().nullable(),
    billing_period: nullableRef(BillingPeriodSchema),
    schedule_id: z
      .string()
      .nullable()
      .openapi({ description: "The invoice schedule that issued it (its billing_period is the schedule's period); null otherwise." }),
    accounting_date: z.string().nullable(),
    payment_link_display: z.enum(["SHOW_PAYMENT_LINK", "HIDE_PAYMENT_LINK"]).nullable(),
    metadata: MetadataSchema,
    created_at: z.string(),
    updated_at: z.string(),
    finalized_at: z.string().nullable(),
    sent_at: z.string().nullable(),
    viewed_at: z.string().nullable(),
    paid_at: z.string().nullable(),
    voided_at: z.string().nullable(),
    marked_uncollectible_at: z.string().nullable(),
    sent_count: z.number().int(),
    last_sent_at: z.string().nullable(),
    reminders_enabled: z.boolean(),
    reminders_sent: z.number().int(),
    reminder_policy: nullableRef(ReminderPolicySchema).openapi({ description: "This invoice's own policy; null: the account's default applies." }),
    next_reminder_date: z
      .string()
      .nullable()
      .openapi({ description: "When the next reminder is due: always the time the invoice's alarm is armed for; null when none is." }),
    pdf_url: z.string().nullable(),
    public_url: z.string().nullable(),
  })
  .openapi("Invoice");

// Quantities up to 4 decimals and rates up to 6 are checked exactly by the domain,
// which names the line; zod only makes sure they are numbers.
export const LineItemInputSchema = z
  .strictObject({
    description: z.string().trim().min(1).max(1000),
    quantity: z.number().nonnegative().max(1e12),
    unit_price: minorUnitsInput(-1e15, 1e15),
    tax_rate: TaxRateInput.optional(),
    tax_category: TaxCategorySchema.optional().openapi({
      description: `${TAX_CATEGORY_TEXT} Leave it out to derive it: E for an exempt customer, AE for a reverse-charge one, otherwise S above 0 % and Z at 0 %.`,
    }),
    tax_exemption_reason: z.string().trim().min(1).max(300).nullable().optional().openapi({ description: EXEMPTION_REASON_TEXT }),
    tax_exemption_reason_code: z
      .string()
      .max(30)
      .regex(/^VATEX-[A-Z0-9-]+$/i, "use a VATEX code such as VATEX-EU-132-1I")
      .transform((code) => code.toUpperCase())
      .nullable()
      .optional()
      .openapi({ description: EXEMPTION_CODE_TEXT, example: "VATEX-EU-132-1I" }),
    unit_code: z
      .string()
      .regex(/^[A-Z0-9]{1,3}$/, "use a UN/ECE Recommendation 20 unit code such as C62 (one), HUR (hour) or DAY")
      .optional()
      .openapi({ description: UNIT_CODE_TEXT, example: "HUR" }),
    product_id: z.string().max(100).optional(),
    account_code: z.string().max(40).optional(),
  })
  .openapi("LineItemInput");

const editableFields = {
  customer_id: z.string().min(1).max(64),
  issue_date: DateSchema,
  due_date: DateSchema,
  currency: CurrencySchema,
  line_items: z.array(LineItemInputSchema).max(1000),
  payment_terms: z.string().max(40).nullable().openapi({ example: "Net 30" }),
  discount: nullableRef(DiscountSchema),
  notes: z.string().max(5000).nullable(),
  memo: z.string().max(5000).nullable(),
  purchase_order_number: z.string().max(100).nullable(),
  reference: z.string().max(100).nullable(),
  billing_period: nullableRef(BillingPeriodSchema),
  billing_address: nullableRef(AddressSchema),
  shipping_address: nullableRef(AddressSchema),
  accounting_date: DateSchema.nullable(),
  payment_link_display: z.enum(["SHOW_PAYMENT_LINK", "HIDE_PAYMENT_LINK"]).nullable(),
  reminders_enabled: z.boolean(),
  reminder_policy: nullableRef(ReminderPolicySchema).openapi({ description: "Overrides the account's default policy; null goes back to it." }),
  metadata: MetadataSchema,
};

export const CreateInvoiceSchema = z
  .strictObject({
    ...editableFields,
    line_items: editableFields.line_items.min(1),
    send_email: z.boolean().optional().openapi({ description: "Finalize and email the invoice in the same call." }),
  })
  .partial()
  .required({ customer_id: true, line_items: true })
  .openapi("CreateInvoice");

export const UpdateInvoiceSchema = z
  .strictObject(editableFields)
  .partial()
  .openapi("UpdateInvoice", { description: "Drafts accept every field; finalized invoices only metadata, notes, reminders_enabled and reminder_policy." });

export const ListInvoicesQuery = z.object({
  ...listQuery,
  status: z.enum(INVOICE_STATUSES).optional(),
  customer_id: z.string().max(64).optional(),
  issue_date_gte: DateSchema.optional(),
  issue_date_lte: DateSchema.optional(),
  due_date_gte: DateSchema.optional(),
  due_date_lte: DateSchema.optional(),
  overdue: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  sort: z.enum(INVOICE_SORTS).default("created_at"),
  order: z.enum(["asc", "desc"]).default("desc"),
});

export const InvoiceListSchema = listEnvelope(InvoiceSchema, "InvoiceList");

export const InvoiceEventListSchema = listEnvelope(EventSchema, "InvoiceEventList");

// The type the services return and the schema the API documents must describe the same object.
const invoiceShape: Same<z.infer<typeof InvoiceSchema>, Invoice> = true;
void invoiceShape;
