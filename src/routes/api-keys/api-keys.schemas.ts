import { z } from "@hono/zod-openapi";
import { SCOPES } from "../../auth/scopes";

const ScopeSchema = z.enum(SCOPES);

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_5Rk2…" }),
    object: z.literal("api_key"),
    name: z.string().nullable(),
    scopes: z.array(ScopeSchema),
    last_four: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKeySchema = ApiKeySchema.extend({
  secret: z.string().openapi({ description: "The Bearer token. Shown once; store it now." }),
  key_secret: z.string().openapi({ description: "The secret half alone, for HTTP Basic (key id as user)." }),
}).openapi("CreatedApiKey");

export const CreateApiKeySchema = z
  .strictObject({
    name: z.string().max(100).optional(),
    scopes: z.array(ScopeSchema).min(1).max(SCOPES.length),
  })
  .openapi("CreateApiKey");

export const ApiKeyListSchema = z
  .object({ object: z.literal("list"), data: z.array(ApiKeySchema), has_more: z.boolean(), url: z.string() })
  .openapi("ApiKeyList");
