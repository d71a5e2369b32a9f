import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { ErrorSchema, errorResponses, idParam, jsonResponse } from "../../openapi/responses";
import { SendInvoiceSchema, SentInvoiceSchema } from "./delivery.schemas";

const RemindInvoiceSchema = SendInvoiceSchema.pick({ to: true, cc: true, message: true, attach_pdf: true }).openapi("RemindInvoice");

export const remindInvoiceRoute = createRoute({
  method: "post",
  path: "/invoices/{id}/remind",
  tags: ["Delivery"],
  summary: "Email a payment reminder now",
  description:
    "Sends \"Reminder: invoice {number}\" with the amount due, the due date (or days overdue), the pay link and the PDF. It counts towards `reminders_sent` and the policy's maximum, and the next automatic reminder keeps at least 12 hours' distance. Drafts, paid, voided and uncollectible invoices answer 409.",
  middleware: [requireScope("invoices:write")],
  request: { params: idParam("Invoice", "inv_0901f083aa1c43c5"), body: { required: false, content: { "application/json": { schema: RemindInvoiceSchema } } } },
  responses: {
    200: jsonResponse(SentInvoiceSchema, "The invoice with the reminder's email_details."),
    502: { description: "The mail provider refused or could not be reached.", content: { "application/json": { schema: ErrorSchema } } },
    ...errorResponses,
  },
});
