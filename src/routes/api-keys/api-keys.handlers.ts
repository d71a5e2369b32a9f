import type { RouteHandler } from "@hono/zod-openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "../../db/api-key-queries";
import type { AppEnv, Scope } from "../../env";
import { notFound } from "../../errors";
import type { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from "./api-keys.routes";

export const createApiKeyHandler: RouteHandler<typeof createApiKeyRoute, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const key = await createApiKey(c.get("db"), c.get("principal").accountId, { name: body.name, scopes: body.scopes as Scope[] });
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
