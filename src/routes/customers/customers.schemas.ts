import { z } from "@hono/zod-openapi";
import { E_INVOICING_MODES, TAX_STATUSES } from "../../domain/types";
import {
  AddressSchema,
  CompanyIdInput,
  ElectronicAddressSchema,
  EmailSchema,
  MetadataSchema,
  TimezoneSchema,
  listEnvelope,
  listQuery,
  nullableRef,
} from "../../openapi/common-schemas";
import type { Customer } from "../../domain/types";
import type { Same } from "../../openapi/same-shape";

const EInvoicingSchema = z.enum(E_INVOICING_MODES).openapi({
  description:
    '"required": an invoice to this customer is finalized only when it would be a valid EN 16931 e-invoice; "optional" (the default): e-invoices are made when they can be.',
  example: "optional",
});

export const CustomerSchema = z
  .object({
    id: z.string().openapi({ example: "cust_abc123" }),
    object: z.literal("customer"),
    name: z.string().openapi({ example: "Acme Corporation" }),
    legal_name: z.string().nullable(),
    email: z.string().nullable().openapi({ example: "billing@acme.com" }),
    phone: z.string().nullable(),
    billing_address: nullableRef(AddressSchema),
    shipping_address: nullableRef(AddressSchema),
    tax_id: z.string().nullable(),
    company_id: z.string().nullable().openapi({ description: "Company registration id (EN 16931 BT-47), such as a trade register number." }),
    electronic_address: nullableRef(ElectronicAddressSchema).openapi({ description: "Where e-invoices reach this customer (EN 16931 BT-49)." }),
    tax_status: z.enum(TAX_STATUSES),
    e_invoicing: EInvoicingSchema,
    locale: z.string().nullable(),
    timezone: z.string().nullable(),
    metadata: MetadataSchema,
    credit_balances: z.record(z.string(), z.number().int()).openapi({
      description: "Minor units owed to the customer, per currency (from credit notes); applied to its next invoice in that currency at finalization.",
      example: { USD: 49500 },
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Customer");

const LocaleSchema = z
  .string()
  .max(35)
  .refine((l) => {
    try {
      return Intl.getCanonicalLocales(l).length === 1;
    } catch {
      return false;
    }
  }, "Use a BCP 47 locale such as en-US.");

const customerFields = {
  name: z.string().trim().min(1).max(200),
  legal_name: z.string().max(200).nullable(),
  email: EmailSchema.nullable(),
  phone: z.string().max(40).nullable(),
  billing_address: nullableRef(AddressSchema),
  shipping_address: nullableRef(AddressSchema),
  tax_id: z.string().max(64).nullable(),
  company_id: CompanyIdInput.nullable(),
  electronic_address: nullableRef(ElectronicAddressSchema),
  tax_status: z.enum(TAX_STATUSES),
  e_invoicing: EInvoicingSchema,
  locale: LocaleSchema.nullable(),
  timezone: TimezoneSchema.nullable(),
  metadata: MetadataSchema,
};

export const CreateCustomerSchema = z.strictObject(customerFields).partial().required({ name: true }).openapi("CreateCustomer");

export const UpdateCustomerSchema = z.strictObject(customerFields).partial().openapi("UpdateCustomer");

export const ListCustomersQuery = z.object({ ...listQuery, email: z.string().max(254).optional() });

export const CustomerListSchema = listEnvelope(CustomerSchema, "CustomerList");

// The type the services return and the schema the API documents must describe the same object.
const customerShape: Same<z.infer<typeof CustomerSchema>, Customer> = true;
void customerShape;
