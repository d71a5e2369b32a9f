import { z } from "@hono/zod-openapi";
import { EmailSchema } from "../../openapi/common-schemas";
import { InvoiceSchema } from "./invoices.schemas";

// The same email rule as the mail service, so the 400 names the offending entry (`cc.0`)
// before a draft is finalized by the send.
const Addresses = z.array(EmailSchema).max(50);

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
