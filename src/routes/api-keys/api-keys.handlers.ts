import type { RouteHandler } from "@hono/zod-openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "../../db/api-key-queries";
import type { AppEnv, Scope } from "../../env";
import { ApiError, notFound } from "../../errors";
import { hasScope } from "../../auth/scopes";
import type { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from "./api-keys.routes";

export const createApiKeyHandler: RouteHandler<typeof createApiKeyRoute, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  // keys:write alone must not be a way to full access: a key grants only what it holds.
  const granted = c.get("principal").scopes;
  const beyond = (body.scopes as Scope[]).find((s) => (s === "*" ? !granted.includes("*") : !hasScope(granted, s)));
  if (beyond) throw new ApiError("permission_error", "scope_not_held", `This API key cannot grant '${beyond}', a scope it does not hold.`, "scopes");
  const key = await createApiKey(c.get("db"), c.get("principal").accountId, { name: body.name, scopes: body.scopes as Scope[] });
  c.set("responseHoldsSecret", true);
  return c.json(key, 201);
};

export const listApiKeysHandler: RouteHandler<typeof listApiKeysRoute, AppEnv> = async (c) => {
  const data = await listApiKeys(c.get("db"), c.get("principal").accountId);
  return c.json({ object: "list" as const, data, has_more: false, url: "/v1/api_keys" }, 200);
};

export const revokeApiKeyHandler: RouteHandler<typeof revokeApiKeyRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const key = await revokeApiKey(c.get("db"), c.get("principal").accountId, id);
  if (!key) throw notFound("api_key", id);
  return c.json(key, 200);
};
