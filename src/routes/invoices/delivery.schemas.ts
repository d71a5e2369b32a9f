import { z } from "@hono/zod-openapi";
import { InvoiceSchema } from "./invoices.schemas";

// Addresses are checked strictly (no CR/LF, commas or brackets) by the mail service, which
// names the offending entry (`cc.0`); zod bounds the shape.
const Addresses = z.array(z.string().min(3).max(254)).max(50);

export const SendInvoiceSchema = z
  .strictObject({
    to: Addresses.optional().openapi({ description: "Overrides the customer's email." }),
    cc: Addresses.optional().openapi({ example: ["accounting@acme.com"] }),
    bcc: Addresses.optional(),
    subject: z.string().max(250).optional().openapi({ description: "Default: Invoice {number} from {merchant}." }),
    message: z.string().max(10_000).optional(),
    attach_pdf: z.boolean().optional().openapi({ description: "Attach invoice_{number}.pdf (default true)." }),
  })
  .openapi("SendInvoice");

export const EmailDetailsSchema = z
  .object({
    sent_to: z.array(z.string()),
    cc: z.array(z.string()),
    bcc: z.array(z.string()),
    subject: z.string(),
    message: z.string().nullable(),
    attachments: z.array(z.string()),
  })
  .openapi("EmailDetails");

export const SentInvoiceSchema = InvoiceSchema.extend({ email_details: EmailDetailsSchema }).openapi("SentInvoice");
