/*
 * The interactive API reference at /docs. Its scripts come from the Worker's static assets
 * (assets/docs, vendored by scripts/vendor-api-reference.mjs), never from a CDN, so the page
 * works offline and under a policy that runs scripts from 'self' only. With run_worker_first
 * nothing in assets/ is public by itself: this route forwards exactly the files listed here,
 * and the fonts and everything else stay internal.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors";

const TITLE = "Edge Invoicing API";

/** The only assets the public may fetch, and the paths they are served under. */
export const PUBLIC_DOCS_ASSETS: Record<string, string> = {
  "scalar-api-reference.js": "docs/scalar-api-reference.js",
  "api-reference-init.js": "docs/api-reference-init.js",
};

/**
 * Scripts only from this origin, no inline script; Scalar injects its stylesheet at run time,
 * hence 'unsafe-inline' for styles. It talks only to /openapi.json (connect-src 'self').
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${TITLE}</title>
  </head>
  <body>
    <div id="app" data-openapi-url="/openapi.json"></div>
    <script src="/docs/assets/scalar-api-reference.js"></script>
    <script src="/docs/assets/api-reference-init.js"></script>
  </body>
</html>
`;

export const docsRoutes = new Hono<AppEnv>();

docsRoutes.get("/docs", (c) => {
  c.header("Content-Security-Policy", DOCS_CSP);
  c.header("Cache-Control", "no-cache");
  return c.html(PAGE);
});

docsRoutes.get("/docs/assets/:file", async (c) => {
  const file = c.req.param("file");
  const path = Object.hasOwn(PUBLIC_DOCS_ASSETS, file) ? PUBLIC_DOCS_ASSETS[file] : undefined;
  if (!path) throw new ApiError("not_found_error", "route_not_found", `No route for GET ${new URL(c.req.url).pathname}.`);
  const asset = await c.env.ASSETS.fetch(`https://assets.internal/${path}`);
  if (!asset.ok) throw new Error(`assets answered ${asset.status} for ${path}`);
  return new Response(asset.body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // Same name, new content after an upgrade: revalidate rather than pin it for long.
      "Cache-Control": "public, max-age=300",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
