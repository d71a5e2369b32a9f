import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { deliveryDepsFromContext } from "../../services/delivery/send-invoice";
import { invoiceContextFrom } from "../../services/invoices/context";
import { remindNow } from "../../services/reminders/remind-now";
import type { remindInvoiceRoute } from "./remind.routes";

export const remindInvoiceHandler: RouteHandler<typeof remindInvoiceRoute, AppEnv> = async (c) => {
  const options = (await c.req.text()) ? c.req.valid("json") : {};
  const attemptKey = c.req.header("Idempotency-Key") ?? c.get("requestId");
  const sent = await remindNow(deliveryDepsFromContext(c), invoiceContextFrom(c), c.req.valid("param").id, options ?? {}, attemptKey);
  return c.json({ ...sent.invoice, email_details: sent.details }, 200);
};
