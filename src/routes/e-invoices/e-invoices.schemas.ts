import { z } from "@hono/zod-openapi";
import { CREDIT_NOTE_E_INVOICE_FORMATS, E_INVOICE_FORMATS } from "../../services/e-invoice/render";

const FORMAT_HELP =
  "`ubl`: UBL 2.1 with the Peppol BIS Billing 3.0 customization; `cii`: UN/CEFACT CII D16B, EN 16931 profile; `facturx`: the invoice PDF as PDF/A-3b with the CII embedded as factur-x.xml.";

export const InvoiceEInvoiceQuery = z.object({
  format: z.enum(E_INVOICE_FORMATS).openapi({ description: FORMAT_HELP, example: "ubl" }),
});

export const CreditNoteEInvoiceQuery = z.object({
  format: z.enum(CREDIT_NOTE_E_INVOICE_FORMATS).openapi({ description: "`ubl`: a UBL 2.1 CreditNote; `cii`: CII with type code 381.", example: "ubl" }),
});

export const EInvoiceValidationSchema = z
  .object({
    object: z.literal("e_invoice_validation"),
    valid: z.boolean().openapi({ description: "True when the document would pass the EN 16931 rules." }),
    errors: z
      .array(
        z.object({
          rule: z.string().openapi({ description: "The official rule id (CEN EN 16931 validation artefacts).", example: "BR-S-02" }),
          field: z.string().openapi({ description: "The API field to set or change.", example: "account.tax_id" }),
          message: z.string(),
        }),
      )
      .openapi({ description: "Every rule the data breaks; empty when valid." }),
  })
  .openapi("EInvoiceValidation");
