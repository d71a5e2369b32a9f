import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.object({
      type: z.string().openapi({ example: "invalid_request_error" }),
      code: z.string().openapi({ example: "parameter_invalid" }),
      message: z.string(),
      param: z.string().optional(),
      errors: z
        .array(z.object({ rule: z.string().openapi({ example: "BR-S-02" }), field: z.string().openapi({ example: "account.tax_id" }), message: z.string() }))
        .optional()
        .openapi({ description: "With `einvoice_incomplete`: every EN 16931 rule the data would break, by its official id, with the field to fix." }),
      request_id: z.string(),
    }),
  })
  .openapi("Error");

const error = (description: string) => ({ description, content: { "application/json": { schema: ErrorSchema } } });

/** The failures every authenticated route can answer with; routes spread these in. */
export const errorResponses = {
  400: error("Invalid request; `param` names the field."),
  401: error("Missing or invalid API key."),
  403: error("The API key lacks the scope."),
  404: error("No such object in this account."),
  409: error("The object's state does not allow this, or the Idempotency-Key is in use."),
  413: error("Request body too large."),
  429: error("Too many requests; see Retry-After."),
  500: error("Internal error."),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description = "") => ({
  required: true,
  description,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const idempotencyHeader = z.object({
  "idempotency-key": z.string().optional().openapi({ description: "Replays the first response for 24 h; reuse with another body is refused." }),
});

export const idParam = (name: string, example: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .openapi({ param: { name: "id", in: "path" }, example, description: `${name} id` }),
  });
