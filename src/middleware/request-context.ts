import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ensureMigrated } from "../db/migrate";
import { randomToken } from "../ids";
import { buildServices } from "../services/services";

/** Request id (echoed as `Request-Id`) and the services every handler reaches the world through, built once. */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const requestId = `req_${randomToken(12)}`;
  c.set("requestId", requestId);
  const services = buildServices(c.env, { requestUrl: c.req.url });
  c.set("services", services);
  c.set("db", services.db);
  await ensureMigrated(c.env.DB);
  await next();
  c.res.headers.set("Request-Id", requestId);
});
