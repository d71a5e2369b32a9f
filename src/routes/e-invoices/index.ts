import { createRouter } from "../../openapi/router";
import * as h from "./e-invoices.handlers";
import * as r from "./e-invoices.routes";

export const eInvoiceRoutes = createRouter()
  .openapi(r.invoiceEInvoiceValidationRoute, h.invoiceEInvoiceValidationHandler)
  .openapi(r.invoiceEInvoiceRoute, h.invoiceEInvoiceHandler)
  .openapi(r.creditNoteEInvoiceValidationRoute, h.creditNoteEInvoiceValidationHandler)
  .openapi(r.creditNoteEInvoiceRoute, h.creditNoteEInvoiceHandler);
