import { createRoute, z } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { ErrorSchema, errorResponses, idParam, jsonResponse } from "../../openapi/responses";
import { SendCreditNoteSchema, SentCreditNoteSchema } from "./credit-note-documents.schemas";

const params = idParam("Credit note", "cn_3kq9");

export const creditNotePdfRoute = createRoute({
  method: "get",
  path: "/credit_notes/{id}/pdf",
  tags: ["Credit notes"],
  summary: "The credit note as PDF, rendered once and stored as issued",
  description:
    "The legal document: rendered at the first request and stored in R2, then served as stored, also after a void. Anyone with the note's `pdf_url` can fetch the same file without a key.",
  middleware: [requireScope("invoices:read")],
  request: { params },
  responses: {
    200: { description: "The PDF.", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    ...errorResponses,
  },
});

export const sendCreditNoteRoute = createRoute({
  method: "post",
  path: "/credit_notes/{id}/send",
  tags: ["Credit notes"],
  summary: "Email the credit note with its PDF attached as credit_note_{number}.pdf",
  description:
    "To the customer's email unless `to` is given; at most one email per Idempotency-Key. A void note answers 409. A transport failure answers 502 and records nothing as sent.",
  middleware: [requireScope("invoices:write")],
  request: { params, body: { required: false, content: { "application/json": { schema: SendCreditNoteSchema } } } },
  responses: {
    200: jsonResponse(SentCreditNoteSchema, "The note with the delivery's email_details."),
    502: { description: "The mail provider refused or could not be reached.", content: { "application/json": { schema: ErrorSchema } } },
    ...errorResponses,
  },
});
