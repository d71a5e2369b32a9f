import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, jsonResponse } from "../../openapi/responses";
import { SequenceErrorSchema, SequenceHeaders, SequenceIdParam, SequenceInvoiceListSchema, SequenceInvoiceSchema, SequenceListQuery } from "./sequence.schemas";

const read = [requireScope("invoices:read")];
const write = [requireScope("invoices:write")];
const tags = ["Sequence compatibility"];
const security: Record<string, string[]>[] = [{ basicAuth: [] }, { bearerAuth: [] }];

// Our error envelope is Sequence's ({ error: { type, message } }) plus code and request_id.
const responses = {
  ...errorResponses,
  400: {
    description: "Invalid request, or an unknown Sequence-Version (type UnrecognisedApiVersion).",
    content: { "application/json": { schema: SequenceErrorSchema } },
  },
};

const invoiceResponse = (description: string) => ({
  ...jsonResponse(SequenceInvoiceSchema, description),
  headers: { "Sequence-Version": { description: "The API version that answered", schema: { type: "string" as const } } },
});

export const listSequenceInvoicesRoute = createRoute({
  method: "get",
  path: "/invoices",
  tags,
  security,
  summary: "List all invoices (Sequence)",
  middleware: read,
  request: { headers: SequenceHeaders, query: SequenceListQuery },
  responses: { 200: jsonResponse(SequenceInvoiceListSchema, "A page of invoices."), ...responses },
});

export const getSequenceInvoiceRoute = createRoute({
  method: "get",
  path: "/invoices/{id}",
  tags,
  security,
  summary: "Get an invoice by id (Sequence)",
  middleware: read,
  request: { headers: SequenceHeaders, params: SequenceIdParam },
  responses: { 200: invoiceResponse("The invoice."), ...responses },
});

export const finalizeSequenceInvoiceRoute = createRoute({
  method: "post",
  path: "/invoices/{id}/finalize",
  tags,
  security,
  summary: "Finalize an invoice (Sequence): assigns its number; status FINAL",
  middleware: write,
  request: { headers: SequenceHeaders, params: SequenceIdParam },
  responses: { 200: invoiceResponse("The finalized invoice."), ...responses },
});

export const sendSequenceInvoiceRoute = createRoute({
  method: "post",
  path: "/invoices/{id}/send",
  tags,
  security,
  summary: "Send an invoice (Sequence): updates to SENT status and sends to the end customer",
  description: "A draft is finalized first. Same rules and effects as `POST /v1/invoices/{id}/send` without `cc` or `message`.",
  middleware: write,
  request: { headers: SequenceHeaders, params: SequenceIdParam },
  responses: { 200: invoiceResponse("The sent invoice."), ...responses },
});

export const voidSequenceInvoiceRoute = createRoute({
  method: "post",
  path: "/invoices/{id}/void",
  tags,
  security,
  summary: "Void an invoice (Sequence): status VOIDED",
  middleware: write,
  request: { headers: SequenceHeaders, params: SequenceIdParam },
  responses: { 200: invoiceResponse("The voided invoice."), ...responses },
});
