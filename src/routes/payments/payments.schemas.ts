import { z } from "@hono/zod-openapi";
import { TimestampSchema, listEnvelope, minorUnitsInput } from "../../openapi/common-schemas";
import { InvoiceSchema } from "../invoices/invoices.schemas";
import type { Same } from "../../openapi/same-shape";
import type { Payment } from "../../db/payment-queries";

export const PaymentSchema = z
  .object({
    id: z.string().openapi({ example: "pay_7Hq2" }),
    object: z.literal("payment"),
    invoice_id: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    method: z.string().nullable(),
    reference: z.string().nullable(),
    source: z.string(),
    external_id: z.string().nullable(),
    paid_at: z.string(),
    created_at: z.string(),
  })
  .openapi("Payment");

export const RecordedPaymentSchema = PaymentSchema.extend({ invoice: InvoiceSchema }).openapi("RecordedPayment");

const paymentFields = {
  amount: minorUnitsInput(1, 1e15).openapi({ description: "Integer amount in the currency's minor unit (cents): 1250 for 12.50; at most the amount due." }),
  currency: z.string().length(3).optional().openapi({ description: "Must equal the invoice's currency when given." }),
  method: z.string().max(40).optional().openapi({ example: "bank_transfer" }),
  reference: z.string().max(200).optional(),
  paid_at: TimestampSchema.optional(),
};

export const CreateInvoicePaymentSchema = z.strictObject(paymentFields).openapi("CreateInvoicePayment");
export const CreatePaymentSchema = z.strictObject({ invoice_id: z.string().min(1).max(64), ...paymentFields }).openapi("CreatePayment");

export const PaymentListSchema = listEnvelope(PaymentSchema, "PaymentList");

// The type the services return and the schema the API documents must describe the same object.
const paymentShape: Same<z.infer<typeof PaymentSchema>, Payment> = true;
void paymentShape;
