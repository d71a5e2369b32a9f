import { createRouter } from "../../openapi/router";
import { createApiKeyHandler, listApiKeysHandler, revokeApiKeyHandler } from "./api-keys.handlers";
import { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from "./api-keys.routes";

export const apiKeyRoutes = createRouter()
  .openapi(createApiKeyRoute, createApiKeyHandler)
  .openapi(listApiKeysRoute, listApiKeysHandler)
  .openapi(revokeApiKeyRoute, revokeApiKeyHandler);
