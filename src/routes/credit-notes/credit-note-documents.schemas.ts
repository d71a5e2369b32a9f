import { z } from "@hono/zod-openapi";
import { EmailSchema } from "../../openapi/common-schemas";
import { EmailDetailsSchema } from "../invoices/delivery.schemas";
import { CreditNoteSchema } from "./credit-notes.schemas";

// The same email rule as the mail service, so the 400 names the offending entry (`cc.0`).
const Addresses = z.array(EmailSchema).max(50);

export const SendCreditNoteSchema = z
  .strictObject({
    to: Addresses.optional().openapi({ description: "Overrides the customer's email." }),
    cc: Addresses.optional().openapi({ example: ["accounting@acme.com"] }),
    bcc: Addresses.optional(),
    subject: z.string().max(250).optional().openapi({ description: "Default: Credit note {number} from {merchant}." }),
    message: z.string().max(10_000).optional(),
  })
  .openapi("SendCreditNote");

export const SentCreditNoteSchema = CreditNoteSchema.extend({ email_details: EmailDetailsSchema }).openapi("SentCreditNote");
