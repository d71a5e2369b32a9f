import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { app } from "../../src/app";

/**
 * A request to the app with some bindings swapped (a failing mail binding, a D1 that counts or
 * races), waiting for its waitUntil work; the body parsed as JSON when it is.
 */
export async function fetchWithBindings(
  bindings: Partial<typeof env>,
  method: string,
  url: string,
  opts: { apiKey?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(url.startsWith("http") ? url : `https://api.test${url}`, {
      method,
      headers: {
        ...(opts.apiKey ? { Authorization: `Bearer ${opts.apiKey}` } : {}),
        ...(opts.body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    { ...env, ...bindings },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, body, headers: res.headers };
}
