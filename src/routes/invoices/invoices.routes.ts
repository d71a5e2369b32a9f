import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { DeletedSchema } from "../../openapi/common-schemas";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../openapi/responses";
import { CreateInvoiceSchema, InvoiceEventListSchema, InvoiceListSchema, InvoiceSchema, ListInvoicesQuery, UpdateInvoiceSchema } from "./invoices.schemas";

const read = [requireScope("invoices:read")];
const write = [requireScope("invoices:write")];
const params = idParam("Invoice", "inv_0901f083aa1c43c5");
const invoiceResponse = (description: string) => jsonResponse(InvoiceSchema, description);

export const createInvoiceRoute = createRoute({
  method: "post",
  path: "/invoices",
  tags: ["Invoices"],
  summary: "Create an invoice (a draft, or finalized and emailed with send_email)",
  description: "Totals are always computed: amount = round(quantity × unit_price), tax per line, half away from zero.",
  middleware: write,
  request: { body: jsonBody(CreateInvoiceSchema) },
  responses: { 201: invoiceResponse("The invoice (with email_details when send_email was true)."), 502: errorResponses[500], ...errorResponses },
});

export const listInvoicesRoute = createRoute({
  method: "get",
  path: "/invoices",
  tags: ["Invoices"],
  summary: "List invoices with filters, sorting and cursor pagination",
  middleware: read,
  request: { query: ListInvoicesQuery },
  responses: { 200: jsonResponse(InvoiceListSchema, "A page of invoices."), ...errorResponses },
});

export const getInvoiceRoute = createRoute({
  method: "get",
  path: "/invoices/{id}",
  tags: ["Invoices"],
  summary: "Retrieve an invoice with its customer embedded",
  middleware: read,
  request: { params },
  responses: { 200: invoiceResponse("The invoice."), ...errorResponses },
});

export const updateInvoiceRoute = createRoute({
  method: "patch",
  path: "/invoices/{id}",
  tags: ["Invoices"],
  summary: "Update a draft; after finalization only metadata and notes",
  middleware: write,
  request: { params, body: jsonBody(UpdateInvoiceSchema) },
  responses: { 200: invoiceResponse("The invoice."), ...errorResponses },
});

export const deleteInvoiceRoute = createRoute({
  method: "delete",
  path: "/invoices/{id}",
  tags: ["Invoices"],
  summary: "Delete a draft (finalized invoices are voided, never deleted)",
  middleware: write,
  request: { params },
  responses: { 200: jsonResponse(DeletedSchema, "Deleted."), ...errorResponses },
});

const action = (path: string, summary: string) =>
  createRoute({
    method: "post",
    path: `/invoices/{id}/${path}`,
    tags: ["Invoices"],
    summary,
    middleware: write,
    request: { params },
    responses: { 200: invoiceResponse("The invoice."), ...errorResponses },
  });

export const finalizeInvoiceRoute = action("finalize", "Finalize a draft: assign the next gapless number and fix its content");
export const voidInvoiceRoute = action("void", "Void a finalized invoice without payments; its number stays used");
export const markUncollectibleRoute = action("mark_uncollectible", "Write off an unpaid finalized invoice");

export const listInvoiceEventsRoute = createRoute({
  method: "get",
  path: "/invoices/{id}/events",
  tags: ["Invoices"],
  summary: "The invoice's timeline: every change, when, and the key that made it",
  description:
    "The invoice's own events and those of its credit notes (`credit_note.created`, `credit_note.voided`), oldest first. " +
    "A note's events are about the note (`data.object` is the credit note); the invoice's side of it is the `invoice.updated` beside it, whose `credit_note_id` names the note.",
  middleware: read,
  request: { params },
  responses: { 200: jsonResponse(InvoiceEventListSchema, "Events, oldest first."), ...errorResponses },
});
