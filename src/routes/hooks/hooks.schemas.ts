import { z } from "@hono/zod-openapi";
import { EmailSchema } from "../../openapi/common-schemas";
import { CreateInvoiceSchema } from "../invoices/invoices.schemas";

export const WebhookReceiptSchema = z
  .object({
    object: z.literal("webhook_receipt"),
    received: z.literal(true),
    event_id: z.string().openapi({ example: "evt_1PQx" }),
    type: z.string().openapi({ example: "payment_intent.succeeded" }),
    status: z.enum(["applied", "rejected", "duplicate", "ignored"]).openapi({
      description:
        "applied: took effect. rejected: refused for good (unknown invoice, wrong currency, more than is due…) and acknowledged so the sender stops retrying. duplicate: this event, or the payment it reports, was already received. ignored: not an event that concerns an invoice.",
    }),
    error: z.string().nullable(),
    invoice_id: z.string().nullable(),
    payment_id: z.string().nullable(),
  })
  .openapi("WebhookReceipt");

export const AccountIdParam = z.object({
  account_id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "account_id", in: "path" }, example: "acct_3xYz" }),
});

export const WebhookSecretSchema = z
  .object({
    object: z.literal("webhook_secret"),
    secret: z.string().openapi({ example: "whsec_5Jt…" }),
    endpoint_url: z.string().openapi({ example: "https://invoices.example.com/v1/hooks/acct_3xYz" }),
    signature_header: z.literal("Webhook-Signature"),
  })
  .openapi("WebhookSecret");

/**
 * invoice.create's `data`: the body of POST /v1/invoices, checked by that route's own schema,
 * with the customer given by customer_id or by customer_email, and `send` as another name for
 * send_email. Wrapped in `data` so a 400 names the field as the sender wrote it (`data.line_items.0.quantity`).
 */
export const InvoiceCreateEventSchema = z.object({
  data: CreateInvoiceSchema.partial({ customer_id: true }).extend({
    customer_email: EmailSchema.optional(),
    send: z.boolean().optional(),
  }),
});
