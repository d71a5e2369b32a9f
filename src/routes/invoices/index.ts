import { createRouter } from "../../openapi/router";
import * as dh from "./delivery.handlers";
import * as dr from "./delivery.routes";
import * as h from "./invoices.handlers";
import * as r from "./invoices.routes";
import { remindInvoiceHandler } from "./remind.handlers";
import { remindInvoiceRoute } from "./remind.routes";

export const invoiceRoutes = createRouter()
  .openapi(r.createInvoiceRoute, h.createInvoiceHandler)
  .openapi(r.listInvoicesRoute, h.listInvoicesHandler)
  .openapi(r.getInvoiceRoute, h.getInvoiceHandler)
  .openapi(r.updateInvoiceRoute, h.updateInvoiceHandler)
  .openapi(r.deleteInvoiceRoute, h.deleteInvoiceHandler)
  .openapi(r.finalizeInvoiceRoute, h.finalizeInvoiceHandler)
  .openapi(r.voidInvoiceRoute, h.voidInvoiceHandler)
  .openapi(r.markUncollectibleRoute, h.markUncollectibleHandler)
  .openapi(r.listInvoiceEventsRoute, h.listInvoiceEventsHandler)
  .openapi(dr.sendInvoiceRoute, dh.sendInvoiceHandler)
  .openapi(dr.invoicePdfRoute, dh.invoicePdfHandler)
  .openapi(remindInvoiceRoute, remindInvoiceHandler);
