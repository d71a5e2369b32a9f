import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";

const CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Edge Invoicing API",
    version: "1.0.0",
    description: "Invoices, customers, payments, PDFs, email delivery and pay pages, at the edge.",
  },
  security: [{ bearerAuth: [] }],
};

const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Replays the first response for 24 h; the same key with another body is refused (400), a concurrent duplicate gets 409.",
  schema: { type: "string", maxLength: 255 },
};

/** Routes served outside the zod-openapi routers: documented here so the document lists every route. */
function registerPlainRoutes(app: OpenAPIHono<AppEnv>) {
  const registry = app.openAPIRegistry;
  registry.registerPath({
    method: "get",
    path: "/health",
    tags: ["Meta"],
    security: [],
    summary: "Liveness",
    responses: { 200: { description: "OK", content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } } } },
  });
  const token = (name: string, description: string) => z.object({ [name]: z.string().openapi({ param: { name, in: "path" }, description }) });
  registry.registerPath({
    method: "get",
    path: "/pay/{token}",
    tags: ["Public"],
    security: [],
    summary: "The hosted pay page of a finalized invoice (HTML, no API key: the token is the credential)",
    request: { params: token("token", "The token in the invoice's public_url.") },
    responses: {
      200: { description: "The page.", content: { "text/html": { schema: z.string() } } },
      404: { description: "Unknown token, draft or voided invoice (one identical page).", content: { "text/html": { schema: z.string() } } },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/documents/{file}",
    tags: ["Public"],
    security: [],
    summary: "The invoice PDF behind pdf_url (no API key: the token is the credential)",
    request: { params: token("file", "`{token}.pdf` from the invoice's pdf_url.") },
    responses: {
      200: { description: "The PDF.", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
      404: { description: "Unknown token." },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/documents/credit_notes/{file}",
    tags: ["Public"],
    security: [],
    summary: "The credit note PDF behind its pdf_url (no API key: the token is the credential)",
    request: { params: token("file", "`{token}.pdf` from the credit note's pdf_url.") },
    responses: {
      200: { description: "The PDF.", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
      404: { description: "Unknown token." },
    },
  });
}

/**
 * Serves /openapi.json, built once per isolate from the route definitions, with the
 * Idempotency-Key header on every POST the idempotency middleware covers.
 */
export function serveOpenApiDocument(app: OpenAPIHono<AppEnv>, path = "/openapi.json") {
  registerPlainRoutes(app);
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get(path, (c) => {
    if (!document) {
      document = app.getOpenAPI31Document(CONFIG);
      for (const [route, item] of Object.entries(document.paths ?? {})) {
        const post = item?.post;
        if (!post || route.startsWith("/v1/hooks/")) continue;
        post.parameters = [...(post.parameters ?? []), IDEMPOTENCY_KEY as never];
      }
    }
    return c.json(document);
  });
}
