import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { remindNow } from "../../services/reminders/remind-now";
import type { remindInvoiceRoute } from "./remind.routes";

export const remindInvoiceHandler: RouteHandler<typeof remindInvoiceRoute, AppEnv> = async (c) => {
  const { ctx } = c.var;
  const options = (await c.req.text()) ? c.req.valid("json") : {};
  const sent = await remindNow(ctx, c.req.valid("param").id, options ?? {}, ctx.idempotencyKey ?? c.var.requestId);
  return c.json({ ...sent.invoice, email_details: sent.details }, 200);
};
