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
  description:
    "A note credits whole lines, a quantity or an amount of lines (each with its share of the invoice's discount and its tax), or a lump `amount` spread over the lines like the discount. " +
    "It is issued final at once with the next number of the account's credit note series, in the same write as everything it changes. " +
    "The credit first lowers what the invoice still asks for (its `credited_amount`; at 0 the invoice is `paid`); any part of it the invoice was already paid must be split by " +
    "`refund_amount`, `credit_amount` (to the customer's balance) and `out_of_band_amount`, which add up to it exactly, else 400 naming the field. " +
    "No line is ever credited beyond what it invoiced across all notes (400), and a draft or voided invoice cannot be credited (409). Records `credit_note.created` (and `customer.balance_updated` for a credit_amount)",
  middleware: write,
  request: { body: jsonBody(CreateCreditNoteSchema) },
  responses: { 201: jsonResponse(IssuedCreditNoteSchema, "The note, with the invoice it corrected."), ...errorResponses },
});

export const previewCreditNoteRoute = createRoute({
  method: "post",
  path: "/credit_notes/preview",
  tags: ["Credit notes"],
  summary: "What a credit note with this body would be, without a number and without writing anything",
  description:
    "Same body, same rules and the same errors as `POST /v1/credit_notes`, priced against the invoice as it is now; `invoice_amount_due_after` is what it would still ask for.",
  middleware: write,
  request: { body: jsonBody(CreateCreditNoteSchema) },
  responses: { 200: jsonResponse(CreditNotePreviewSchema, "The note that would be issued."), ...errorResponses },
});

export const listCreditNotesRoute = createRoute({
  method: "get",
  path: "/credit_notes",
  tags: ["Credit notes"],
  summary: "List credit notes, newest first",
  description: "The account's notes, issued and void, newest first, with cursors `starting_after` / `ending_before`.",
  middleware: read,
  request: { query: ListCreditNotesQuery },
  responses: { 200: jsonResponse(CreditNoteListSchema, "The notes."), ...errorResponses },
});

export const getCreditNoteRoute = createRoute({
  method: "get",
  path: "/credit_notes/{id}",
  tags: ["Credit notes"],
  summary: "One credit note",
  description: "A note of the account, issued or void; another account's id is a 404.",
  middleware: read,
  request: { params },
  responses: { 200: jsonResponse(CreditNoteSchema, "The note."), ...errorResponses },
});

export const listInvoiceCreditNotesRoute = createRoute({
  method: "get",
  path: "/invoices/{id}/credit_notes",
  tags: ["Credit notes"],
  summary: "The credit notes of an invoice, newest first",
  description: "All of the invoice's notes (issued and void) in one list; the same notes `GET /v1/credit_notes?invoice_id=` pages through.",
  middleware: read,
  request: { params: idParam("Invoice", "inv_0901f083aa1c43c5") },
  responses: { 200: jsonResponse(CreditNoteListSchema, "The notes."), ...errorResponses },
});

export const voidCreditNoteRoute = createRoute({
  method: "post",
  path: "/credit_notes/{id}/void",
  tags: ["Credit notes"],
  summary: "Void a credit note while nothing of it was refunded or used from the balance; its number stays taken",
  description:
    "Undoes what the note did: what it took off the invoice is owed again, its lines can be credited again, and a `credit_amount` leaves the customer's balance. " +
    "Refused (409) once it refunded money, once the credit it added to the balance has been used, or when already void. Records `credit_note.voided`.",
  middleware: write,
  request: { params },
  responses: { 200: jsonResponse(IssuedCreditNoteSchema, "The voided note, with its invoice as the void leaves it."), ...errorResponses },
});
