import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../openapi/responses";
import {
  CreateCreditNoteSchema,
  CreditNoteListSchema,
  CreditNotePreviewSchema,
  CreditNoteSchema,
  IssuedCreditNoteSchema,
  ListCreditNotesQuery,
} from "./credit-notes.schemas";

const write = [requireScope("invoices:write")];
const read = [requireScope("invoices:read")];
const params = idParam("Credit note", "cn_3kq9");

export const createCreditNoteRoute = createRoute({
  method: "post",
  path: "/credit_notes",
  tags: ["Credit notes"],
  summary: "Issue a credit note: final at once, numbered in its own gapless series, correcting a final invoice",
  middleware: write,
  request: { body: jsonBody(CreateCreditNoteSchema) },
  responses: { 201: jsonResponse(IssuedCreditNoteSchema, "The note, with the invoice it corrected."), ...errorResponses },
});

export const previewCreditNoteRoute = createRoute({
  method: "post",
  path: "/credit_notes/preview",
  tags: ["Credit notes"],
  summary: "What a credit note with this body would be, without a number and without writing anything",
  middleware: write,
  request: { body: jsonBody(CreateCreditNoteSchema) },
  responses: { 200: jsonResponse(CreditNotePreviewSchema, "The note that would be issued."), ...errorResponses },
});

export const listCreditNotesRoute = createRoute({
  method: "get",
  path: "/credit_notes",
  tags: ["Credit notes"],
  summary: "List credit notes, newest first",
  middleware: read,
  request: { query: ListCreditNotesQuery },
  responses: { 200: jsonResponse(CreditNoteListSchema, "The notes."), ...errorResponses },
});

export const getCreditNoteRoute = createRoute({
  method: "get",
  path: "/credit_notes/{id}",
  tags: ["Credit notes"],
  summary: "One credit note",
  middleware: read,
  request: { params },
  responses: { 200: jsonResponse(CreditNoteSchema, "The note."), ...errorResponses },
});

export const listInvoiceCreditNotesRoute = createRoute({
  method: "get",
  path: "/invoices/{id}/credit_notes",
  tags: ["Credit notes"],
  summary: "The credit notes of an invoice, newest first",
  middleware: read,
  request: { params: idParam("Invoice", "inv_0901f083aa1c43c5") },
  responses: { 200: jsonResponse(CreditNoteListSchema, "The notes."), ...errorResponses },
});

export const voidCreditNoteRoute = createRoute({
  method: "post",
  path: "/credit_notes/{id}/void",
  tags: ["Credit notes"],
  summary: "Void a credit note while nothing of it was refunded or used from the balance; its number stays taken",
  middleware: write,
  request: { params },
  responses: { 200: jsonResponse(IssuedCreditNoteSchema, "The voided note, with its invoice as the void leaves it."), ...errorResponses },
});
