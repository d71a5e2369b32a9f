import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../openapi/responses";
import { ApiKeyListSchema, ApiKeySchema, CreateApiKeySchema, CreatedApiKeySchema } from "./api-keys.schemas";

const keysWrite = [requireScope("keys:write")];

export const createApiKeyRoute = createRoute({
  method: "post",
  path: "/api_keys",
  tags: ["API keys"],
  summary: "Create an API key (the secret is shown once)",
  middleware: keysWrite,
  request: { body: jsonBody(CreateApiKeySchema) },
  responses: { 201: jsonResponse(CreatedApiKeySchema, "The key, with its secret."), ...errorResponses },
});

export const listApiKeysRoute = createRoute({
  method: "get",
  path: "/api_keys",
  tags: ["API keys"],
  summary: "List the account's API keys (never their secrets)",
  middleware: keysWrite,
  responses: { 200: jsonResponse(ApiKeyListSchema, "The keys."), ...errorResponses },
});

export const revokeApiKeyRoute = createRoute({
  method: "delete",
  path: "/api_keys/{id}",
  tags: ["API keys"],
  summary: "Revoke an API key; it stops working at once",
  middleware: keysWrite,
  request: { params: idParam("API key", "key_5Rk2") },
  responses: { 200: jsonResponse(ApiKeySchema, "The revoked key."), ...errorResponses },
});
