import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { actingAs } from "../services/invoices/context";

/** After authentication: the services acting for the key's account, with the key as actor. */
export const actingContext = createMiddleware<AppEnv>(async (c, next) => {
  const { accountId, keyId } = c.get("principal");
  c.set("ctx", actingAs(c.var.services, accountId, keyId, { requestId: c.var.requestId, idempotencyKey: c.req.header("Idempotency-Key") }));
  await next();
});
