import type { RouteConfig } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError, invalidRequest } from "../errors";

/*
 * Checks every documented route makes before its validators run. zod objects strip unknown
 * query keys silently, so `?colour=red` (or a misspelt `?stauts=paid`) would list everything;
 * bodies already refuse unknown fields, and the query is held to the same rule.
 */

const JSON_MEDIA_TYPE = /^application\/([a-z.-]+\+)?json\s*(;|$)/i;

/** The query keys a route declares: the keys of its query object schema (none without one). */
function declaredQueryKeys(route: RouteConfig): string[] {
  const shape = (route.request?.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** 400 `parameter_unknown` for a query parameter the route does not declare. */
export function strictQuery(route: RouteConfig) {
  const known = new Set(declaredQueryKeys(route));
  const accepted = known.size ? `This endpoint accepts: ${[...known].join(", ")}.` : "This endpoint takes no query parameters.";
  return createMiddleware<AppEnv>(async (c, next) => {
    for (const name of new URL(c.req.url).searchParams.keys()) {
      if (!known.has(name)) throw invalidRequest(name, `Unknown query parameter: '${name}'. ${accepted}`, "parameter_unknown");
    }
    await next();
  });
}

async function hasBody(c: { req: { raw: Request; arrayBuffer(): Promise<ArrayBuffer> } }) {
  if (c.req.raw.body === null) return false;
  return (await c.req.arrayBuffer()).byteLength > 0;
}

/**
 * 415 for a body that is not JSON (a form post, text): the routes take JSON only. Without
 * this the library's own gate answers 415 as a bare HTTP error, which the envelope renders as 400.
 */
export const jsonBodyOnly = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header("Content-Type");
  if (type ? !JSON_MEDIA_TYPE.test(type) : await hasBody(c)) {
    throw new ApiError(
      "unsupported_media_type_error",
      "unsupported_media_type",
      `The body must be JSON: send 'Content-Type: application/json'${type ? ` (this request sent '${type.slice(0, 100)}')` : ""}.`,
    );
  }
  await next();
});

/** Whether the route declares a JSON body (required or not). */
export const takesJsonBody = (route: RouteConfig) => Object.keys(route.request?.body?.content ?? {}).some((t) => JSON_MEDIA_TYPE.test(t));
