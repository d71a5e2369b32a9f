import { createRoute, z } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { ErrorSchema, errorResponses, idParam, jsonResponse } from "../../openapi/responses";
import { SendInvoiceSchema, SentInvoiceSchema } from "./delivery.schemas";

const params = idParam("Invoice", "inv_0901f083aa1c43c5");

export const sendInvoiceRoute = createRoute({
  method: "post",
  path: "/invoices/{id}/send",
  tags: ["Delivery"],
  summary: "Email the invoice with its PDF (a draft is finalized first)",
  description: "Only unpaid invoices can be sent; paid, voided and uncollectible ones answer 409. A transport failure answers 502 and records nothing as sent.",
  middleware: [requireScope("invoices:write")],
  request: { params, body: { required: false, content: { "application/json": { schema: SendInvoiceSchema } } } },
  responses: {
    200: jsonResponse(SentInvoiceSchema, "The invoice with the delivery's email_details."),
    502: { description: "The mail provider refused or could not be reached.", content: { "application/json": { schema: ErrorSchema } } },
    ...errorResponses,
  },
});

export const invoicePdfRoute = createRoute({
  method: "get",
  path: "/invoices/{id}/pdf",
  tags: ["Delivery"],
  summary: "The invoice as PDF (stored once finalized; drafts render as previews)",
  middleware: [requireScope("invoices:read")],
  request: { params },
  responses: {
    200: { description: "The PDF.", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    ...errorResponses,
  },
});
