import { z } from "@hono/zod-openapi";
import { TAX_STATUSES } from "../../domain/types";
import { AddressSchema, EmailSchema, MetadataSchema, TimezoneSchema, listEnvelope, listQuery, nullableRef } from "../../openapi/common-schemas";
import type { Customer } from "../../domain/types";
import type { Same } from "../../openapi/same-shape";

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
    tax_status: z.enum(TAX_STATUSES),
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
  tax_status: z.enum(TAX_STATUSES),
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
