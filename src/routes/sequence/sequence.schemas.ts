/*
 * OpenAPI schemas of the Sequence-compatible surface (seed 003). Field order follows the
 * seed. Nullable fields are the ones the seed shows with a value that we may not have;
 * they are always present, as null, never omitted.
 */
import { z } from "@hono/zod-openapi";
import type { SequenceInvoice } from "../../domain/sequence-view";
import type { Same } from "../../openapi/same-shape";
import { SEQUENCE_VERSIONS } from "./sequence-version";

// `.nullable()` on a named schema loses the null in the generated OpenAPI (a bare $ref);
// a union with null keeps it (anyOf [$ref, null]).
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

const date = z.string().openapi({ format: "date", example: "2022-11-05" });
const timestamp = z.string().openapi({ format: "date-time", example: "2022-10-30T00:00:00Z" });
const decimal = (description: string, example: string) =>
  z.string().openapi({ description: `${description}, in decimal format of the invoice's currency`, example });

export const SequenceAddressSchema = z
  .object({
    line1: z.string(),
    line2: z.string().openapi({ description: '"" when the address has no second line' }),
    town: z.string(),
    state: z.string(),
    postcode: z.string(),
    country: z.string().openapi({ description: "ISO 3166-1 alpha-2", example: "GB" }),
  })
  .openapi("SequenceAddress", { description: 'Missing parts are "" (as Sequence renders them).' });

const BankAddressSchema = z
  .object({
    line1: z.string(),
    line2: z.string().optional().openapi({ description: "Only present when the bank address has a second line" }),
    town: z.string(),
    state: z.string(),
    postcode: z.string(),
    country: z.string(),
  })
  .openapi("SequenceBankAddress");

const KeyValueSchema = z.object({ key: z.string(), value: z.string() });

export const SequenceMerchantDetailsSchema = z
  .object({
    address: orNull(SequenceAddressSchema),
    phoneNumber: z.string().nullable(),
    email: z.string().nullable(),
    taxId: z.string().nullable(),
    iban: z.string().nullable(),
    ukAccountDetails: z.object({ sortCode: z.string(), accountNumber: z.string() }).nullable(),
    usAchDetails: z.object({ accountNumber: z.string(), accountName: z.string(), bankName: z.string(), bankRoutingNumber: z.string() }).nullable(),
    usWireDetails: z
      .object({
        accountNumber: z.string(),
        accountName: z.string(),
        bankName: z.string(),
        bankRoutingNumber: z.string(),
        swiftCode: z.string(),
        bankAddress: orNull(BankAddressSchema),
      })
      .nullable(),
    legalCompanyName: z.string().openapi({ description: "The account's legal name, else its name" }),
    customFields: z.array(KeyValueSchema).openapi({ description: "Always empty: accounts have no custom fields" }),
    includeBeneficiaryAddressInPaymentDetails: z.boolean(),
  })
  .openapi("SequenceMerchantDetails", { description: "The merchant (account) issuing the invoice" });

export const SequenceInvoiceSchema = z
  .object({
    id: z.string().openapi({ example: "inv_3xk9…" }),
    sequenceAccountId: z.string().openapi({ description: "The account id" }),
    status: z.enum(["DRAFT", "FINAL", "SENT", "VOIDED"]).openapi({
      description:
        "draft → DRAFT; finalized → FINAL; voided → VOIDED; every other status → SENT once the invoice has been sent (sent_at set), else FINAL. Payment is in paymentStatus.",
    }),
    currency: z.string().openapi({ example: "GBP" }),
    invoiceNumber: z.string().nullable().openapi({ description: "Null for drafts" }),
    dueDate: date,
    purchaseOrderNumber: z.string().nullable(),
    reference: z.string().nullable(),
    customerEmails: z.array(z.string()).openapi({ description: "The customer's email, or empty when it has none" }),
    customerLegalCompanyName: z.string().openapi({ description: "The customer's legal name, else its name" }),
    customerBillingAddress: orNull(SequenceAddressSchema),
    customerShippingAddress: orNull(SequenceAddressSchema),
    memo: z.string().nullable(),
    paymentOptions: z.array(z.enum(["BANK_TRANSFER", "LINK"])).openapi({
      description: "BANK_TRANSFER when the account has bank details; LINK when it takes online payment (checkout URL)",
    }),
    billingPeriod: z.object({ start: date, endInclusive: date }).nullable(),
    customerId: z.string(),
    totalTax: decimal("Total tax", "2"),
    netTotal: decimal("Subtotal less discount, before tax", "10"),
    grossTotal: decimal("Net total plus tax: what the customer owes", "12"),
    metadata: z.array(KeyValueSchema),
    paymentStatus: z.enum(["UNPAID", "PARTIALLY_PAID", "PAID", "UNCOLLECTIBLE"]),
    createdAt: timestamp,
    creditNoteIds: z.array(z.string()).openapi({
      description: "Ids of the invoice's credit notes (issued and void), oldest first; see GET /v1/invoices/{id}/credit_notes",
      example: ["cn_3kq9"],
    }),
    linkedServices: z
      .array(z.object({ externalId: z.string(), externalService: z.string(), syncTime: timestamp }))
      .openapi({ description: "Always empty: no accounting-system sync" }),
    merchantDetails: SequenceMerchantDetailsSchema,
    accountingDate: date.openapi({ description: "The accounting date, else the issue date" }),
    customerTaxStatus: z.enum(["TAXED", "TAX_EXEMPT", "REVERSE_CHARGED"]),
    renderSettings: z.object({ paymentLinkDisplay: z.enum(["SHOW_PAYMENT_LINK", "HIDE_PAYMENT_LINK"]) }),
    isCustomerArchived: z.boolean(),
    updatedAt: timestamp,
  })
  .openapi("SequenceInvoice", { description: "An invoice in Sequence's 2024-07-30 shape: a view over the same invoices as /v1" });

export const SequenceErrorSchema = z
  .object({
    error: z.object({
      type: z.string().openapi({ example: "UnrecognisedApiVersion" }),
      message: z.string(),
    }),
  })
  .openapi("SequenceError");

export const SequenceInvoiceListSchema = z
  .object({
    items: z.array(SequenceInvoiceSchema),
    pagination: z.object({
      after: z.string().nullable().openapi({ description: "Cursor for the next page; null on the last" }),
      before: z.string().nullable().openapi({ description: "Cursor for the previous page; null on the first" }),
      totalResultSize: z.number().int().openapi({ description: "How many invoices match, over all pages" }),
    }),
  })
  .openapi("SequenceInvoiceList");

const cursorDescription = "Pagination cursor. Omit it for the first page, then pass the value from `pagination.after` or `pagination.before`.";

export const SequenceListQuery = z.object({
  before: z.string().max(200).optional().openapi({ description: cursorDescription }),
  after: z.string().max(200).optional().openapi({ description: cursorDescription }),
  limit: z.coerce.number().int().min(1).max(100).default(10).openapi({ description: "Maximum number of invoices per page, 1-100" }),
  sortOrder: z.enum(["ASC", "DESC"]).default("DESC").openapi({ description: "By creation time; DESC is newest first" }),
  customerId: z.string().max(64).optional().openapi({ description: "Only this customer's invoices" }),
});

export const SequenceHeaders = z.object({
  "sequence-version": z
    .enum(SEQUENCE_VERSIONS)
    .optional()
    .openapi({ description: "API version; absent means the latest. Echoed in the response's Sequence-Version header." }),
});

export const SequenceIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, description: "Invoice id", example: "inv_3xk9c2" }),
});

// The mapper's hand-written type and this schema must describe the same object.
const sameShape: Same<z.infer<typeof SequenceInvoiceSchema>, SequenceInvoice> = true;
void sameShape;
