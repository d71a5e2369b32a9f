import { createRouter } from "../../openapi/router";
import { createInvoicePaymentHandler, createPaymentHandler, listInvoicePaymentsHandler } from "./payments.handlers";
import { createInvoicePaymentRoute, createPaymentRoute, listInvoicePaymentsRoute } from "./payments.routes";

export const paymentRoutes = createRouter()
  .openapi(createInvoicePaymentRoute, createInvoicePaymentHandler)
  .openapi(createPaymentRoute, createPaymentHandler)
  .openapi(listInvoicePaymentsRoute, listInvoicePaymentsHandler);
