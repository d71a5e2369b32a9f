/*
 * Keyed POSTs against a server that may be killed under them: each request remembers its
 * Idempotency-Key, its body and the first answer it got, or that the answer was lost.
 */

export type Answer = { status: number; body: any };

export type KeyedRequest = {
  key: string;
  path: string;
  body: unknown;
  /** The status of a success. */
  expected: number;
  /** The first answer the client saw; null when it was lost (connection died, or a 5xx). */
  first: Answer | null;
  /** What the request finally stands for: the first answer, or the retry's when that was lost. */
  result: Answer | null;
};

export function keyedRequest(key: string, path: string, body: unknown, expected: number): KeyedRequest {
  return { key, path, body, expected, first: null, result: null };
}

/** One POST; null when no answer arrived (the server died) or it was a 5xx (the key was released). */
export async function post(baseUrl: string, apiKey: string, req: KeyedRequest): Promise<Answer | null> {
  try {
    const res = await fetch(`${baseUrl}${req.path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", "Idempotency-Key": req.key },
      body: JSON.stringify(req.body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    if (res.status >= 500) return null;
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return null;
  }
}

// Refusals of the moment after a restart: a lock or a delivery lease not yet run out.
const TRANSIENT = new Set(["idempotency_key_in_use", "delivery_in_progress", "concurrent_update", "rate_limited"]);

/** The retry after a restart: repeated while the answer is transient, up to a bound. */
export async function retry(baseUrl: string, apiKey: string, req: KeyedRequest): Promise<Answer> {
  for (let attempt = 0; attempt < 15; attempt++) {
    const answer = await post(baseUrl, apiKey, req);
    const transient = !answer || ((answer.status === 409 || answer.status === 429) && TRANSIENT.has(answer.body?.error?.code));
    if (!transient) return answer;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no lasting answer to ${req.path} (${req.key})`);
}

export async function get(baseUrl: string, apiKey: string, path: string): Promise<any> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${apiKey}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
