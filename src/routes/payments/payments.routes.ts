import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../openapi/responses";
import { CreateInvoicePaymentSchema, CreatePaymentSchema, PaymentListSchema, RecordedPaymentSchema } from "./payments.schemas";

const params = idParam("Invoice", "inv_0901f083aa1c43c5");

export const createInvoicePaymentRoute = createRoute({
  method: "post",
  path: "/invoices/{id}/payments",
  tags: ["Payments"],
  summary: "Record a payment against an invoice (partial or full; overpayment refused)",
  middleware: [requireScope("payments:write")],
  request: { params, body: jsonBody(CreateInvoicePaymentSchema) },
  responses: { 201: jsonResponse(RecordedPaymentSchema, "The payment, with the updated invoice."), ...errorResponses },
});

export const createPaymentRoute = createRoute({
  method: "post",
  path: "/payments",
  tags: ["Payments"],
  summary: "Record a payment (Stateset style, invoice_id in the body)",
  middleware: [requireScope("payments:write")],
  request: { body: jsonBody(CreatePaymentSchema) },
  responses: { 201: jsonResponse(RecordedPaymentSchema, "The payment, with the updated invoice."), ...errorResponses },
});

export const listInvoicePaymentsRoute = createRoute({
  method: "get",
  path: "/invoices/{id}/payments",
  tags: ["Payments"],
  summary: "List an invoice's payments, newest first",
  middleware: [requireScope("invoices:read")],
  request: { params },
  responses: { 200: jsonResponse(PaymentListSchema, "The payments."), ...errorResponses },
});
