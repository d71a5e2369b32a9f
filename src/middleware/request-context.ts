import type { Context } from "hono";
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
  try {
    await next();
  } finally {
    // Events this request committed go to the queue after the answer (a failed flush is the sweep's).
    if (mayWrite(c.req.method, c.req.path)) afterResponse(c, services.outbox.flush());
  }
  c.res.headers.set("Request-Id", requestId);
});

/** API reads write nothing; the pay page's first view does (invoice.viewed). */
const mayWrite = (method: string, path: string) => !(method === "GET" || method === "HEAD") || path.startsWith("/pay/");

function afterResponse(c: Context<AppEnv>, work: Promise<void>) {
  const logged = work.catch((err) => console.error(JSON.stringify({ level: "error", message: "outbox flush failed", error: String(err) })));
  try {
    c.executionCtx.waitUntil(logged);
  } catch {
    // No execution context (app.request in a unit test): the promise runs on its own.
  }
}
