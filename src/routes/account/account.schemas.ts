import { z } from "@hono/zod-openapi";
import { dueDateFromTerms } from "../../domain/dates";
import {
  AddressSchema,
  BankDetailsSchema,
  CompanyIdInput,
  CurrencySchema,
  ElectronicAddressSchema,
  EmailSchema,
  TimezoneSchema,
  nullableRef,
} from "../../openapi/common-schemas";
import { ReminderPolicySchema } from "../invoices/reminders.schemas";
import type { Account } from "../../domain/types";
import type { Same } from "../../openapi/same-shape";

export const AccountSchema = z
  .object({
    id: z.string().openapi({ example: "acct_3xYz" }),
    object: z.literal("account"),
    name: z.string(),
    legal_name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: nullableRef(AddressSchema),
    tax_id: z.string().nullable(),
    company_id: z.string().nullable().openapi({ description: "Company registration id (EN 16931 BT-30), such as a trade register number." }),
    electronic_address: nullableRef(ElectronicAddressSchema).openapi({ description: "Where e-invoices reach this account (EN 16931 BT-34)." }),
    bank_details: nullableRef(BankDetailsSchema),
    invoice_prefix: z.string().openapi({ description: "Invoices are numbered {invoice_prefix}-{YYYY}-{NNNN}", example: "INV" }),
    credit_note_prefix: z.string().openapi({
      description:
        "Credit notes are numbered {credit_note_prefix}-{YYYY}-{NNNN}, in a gapless series of their own (apart from invoices even under the same prefix)",
      example: "CN",
    }),
    default_currency: z.string(),
    timezone: z.string(),
    default_payment_terms: z.string(),
    sender_email: z.string().nullable(),
    sender_name: z.string().nullable(),
    logo_url: z.string().nullable(),
    accent_color: z.string().nullable(),
    checkout_url_template: z.string().nullable(),
    payment_link_display: z.enum(["SHOW_PAYMENT_LINK", "HIDE_PAYMENT_LINK"]),
    reminder_policy: nullableRef(ReminderPolicySchema).openapi({
      description: "Default reminder policy for invoices without their own; null: the built-in default.",
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Account");

// A number's prefix, for invoices and credit notes alike; changing it starts a new series.
const NumberPrefix = z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,11}$/, "1-12 characters: capital letters, digits and '-'.");

export const UpdateAccountSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    legal_name: z.string().max(200).nullable(),
    email: EmailSchema.nullable(),
    phone: z.string().max(40).nullable(),
    address: nullableRef(AddressSchema),
    tax_id: z.string().max(64).nullable(),
    company_id: CompanyIdInput.nullable(),
    electronic_address: nullableRef(ElectronicAddressSchema),
    bank_details: nullableRef(BankDetailsSchema),
    invoice_prefix: NumberPrefix,
    credit_note_prefix: NumberPrefix,
    default_currency: CurrencySchema,
    timezone: TimezoneSchema,
    // Invoices without a due date derive it from these terms, so they must be readable.
    default_payment_terms: z
      .string()
      .max(40)
      .refine((terms) => {
        try {
          dueDateFromTerms("2024-01-01", terms);
          return true;
        } catch {
          return false;
        }
      }, 'Use "Net N" (e.g. "Net 30") or "Due on receipt".'),
    sender_email: EmailSchema.nullable(),
    sender_name: z.string().max(100).nullable(),
    logo_url: z
      .string()
      .url()
      .max(2000)
      .refine((u) => u.startsWith("https://"), "Use an https URL.")
      .nullable(),
    accent_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour such as #1a73e8.")
      .nullable(),
    checkout_url_template: z
      .string()
      .max(2000)
      .refine((u) => u.startsWith("https://"), "Use an https URL; placeholders {invoice_id}, {invoice_number}, {amount}, {currency}.")
      .nullable(),
    payment_link_display: z.enum(["SHOW_PAYMENT_LINK", "HIDE_PAYMENT_LINK"]),
    reminder_policy: nullableRef(ReminderPolicySchema),
  })
  .partial()
  .openapi("UpdateAccount");

// The type the services return and the schema the API documents must describe the same object.
const accountShape: Same<z.infer<typeof AccountSchema>, Account> = true;
void accountShape;
