import { createRoute, z } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonResponse } from "../../openapi/responses";
import { CreditNoteEInvoiceQuery, EInvoiceValidationSchema, InvoiceEInvoiceQuery } from "./e-invoices.schemas";

const invoiceParams = idParam("Invoice", "inv_0901f083aa1c43c5");
const noteParams = idParam("Credit note", "cn_3kq9");

const documentContent = {
  "application/xml": { schema: z.string().openapi({ description: "UBL or CII XML." }) },
  "application/pdf": { schema: z.string().openapi({ format: "binary", description: "Factur-X (PDF/A-3b)." }) },
};

export const invoiceEInvoiceRoute = createRoute({
  method: "get",
  path: "/invoices/{id}/e-invoice",
  tags: ["E-invoices"],
  summary: "The finalized invoice as an EN 16931 e-invoice (UBL, CII or Factur-X), rendered once and stored as issued",
  description:
    "Rendered at the first request from the invoice as issued and stored in R2 beside its PDF, then served as stored. Data that would break an EN 16931 rule answers 409 `einvoice_incomplete` with `errors` (rule ids and fields), and nothing is stored; a currency with three decimals answers 409 `einvoice_currency_unsupported`; a draft answers 409 `invoice_not_finalized`.",
  middleware: [requireScope("invoices:read")],
  request: { params: invoiceParams, query: InvoiceEInvoiceQuery },
  responses: { 200: { description: "The e-invoice.", content: documentContent }, ...errorResponses },
});

export const invoiceEInvoiceValidationRoute = createRoute({
  method: "get",
  path: "/invoices/{id}/e-invoice/validation",
  tags: ["E-invoices"],
  summary: "Which EN 16931 rules the invoice's data would break (drafts too)",
  description:
    'The same checks the export and, for a customer with `e_invoicing: "required"`, finalization apply, named by the official rule ids with the field to fix. Nothing is written.',
  middleware: [requireScope("invoices:read")],
  request: { params: invoiceParams },
  responses: { 200: jsonResponse(EInvoiceValidationSchema, "The rules broken, if any."), ...errorResponses },
});

export const creditNoteEInvoiceRoute = createRoute({
  method: "get",
  path: "/credit_notes/{id}/e-invoice",
  tags: ["E-invoices"],
  summary: "The credit note as an EN 16931 e-invoice (UBL CreditNote or CII 381) referencing the invoice it corrects",
  description: "Rendered once and stored like the note's PDF. Data that would break a rule answers 409 `einvoice_incomplete` with `errors`.",
  middleware: [requireScope("invoices:read")],
  request: { params: noteParams, query: CreditNoteEInvoiceQuery },
  responses: { 200: { description: "The e-invoice.", content: { "application/xml": documentContent["application/xml"] } }, ...errorResponses },
});

export const creditNoteEInvoiceValidationRoute = createRoute({
  method: "get",
  path: "/credit_notes/{id}/e-invoice/validation",
  tags: ["E-invoices"],
  summary: "Which EN 16931 rules the credit note's data would break",
  middleware: [requireScope("invoices:read")],
  request: { params: noteParams },
  responses: { 200: jsonResponse(EInvoiceValidationSchema, "The rules broken, if any."), ...errorResponses },
});
