import { OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { jsonBodyOnly, strictQuery, takesJsonBody } from "./request-gates";
import { ErrorSchema } from "./responses";
import { validationHook } from "./validation-hook";
import { apiErrorMessage } from "./validation-messages";

// One error map for every schema in the worker: messages in the API's words, not zod's.
z.config({ customError: apiErrorMessage });

const unsupportedMediaType = {
  description: "The body is not JSON; send `Content-Type: application/json`.",
  content: { "application/json": { schema: ErrorSchema } },
};

/** A route with the gates every documented route gets: strict query keys, JSON bodies only. */
function withRequestGates<R extends RouteConfig>(route: R): R {
  const own = route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  const body = takesJsonBody(route);
  return {
    ...route,
    middleware: [...own, strictQuery(route), ...(body ? [jsonBodyOnly] : [])],
    responses: body ? { ...route.responses, 415: unsupportedMediaType } : route.responses,
  };
}

/**
 * Every router validates with the same hook, so every 400 has the same shape, and every
 * route refuses what it does not declare (query parameters, non-JSON bodies) the same way.
 */
export function createRouter() {
  const router = new OpenAPIHono<AppEnv>({ strict: false, defaultHook: validationHook });
  const register = router.openapi;
  router.openapi = ((route: RouteConfig, ...rest: unknown[]) =>
    (register as (...args: unknown[]) => unknown)(withRequestGates(route), ...rest)) as typeof register;
  return router;
}
