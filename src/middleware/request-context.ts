import { createMiddleware } from "hono/factory";
import { createDb } from "../db/client";
import type { AppEnv } from "../env";
import { randomToken } from "../ids";

/** Request id (echoed as `Request-Id`) and the request-scoped database client. */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const requestId = `req_${randomToken(12)}`;
  c.set("requestId", requestId);
  c.set("db", createDb(c.env.DB));
  await next();
  c.res.headers.set("Request-Id", requestId);
});
