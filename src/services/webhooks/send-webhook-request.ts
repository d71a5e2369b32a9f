import { isDelivered, RESPONSE_BODY_LOG_BYTES } from "../../domain/webhook-delivery";
import { signStandardWebhook } from "./standard-webhooks";

/*
 * One HTTP request to a merchant's receiver, signed the Standard Webhooks way. Nothing it does
 * throws for the receiver's sake: a refusal, a timeout, a redirect or a connection error all
 * come back as an attempt that failed, for the log and the retry schedule.
 */

/** How long a receiver has to answer; Stripe and Svix allow about as long. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

export const WEBHOOK_USER_AGENT = "EdgeInvoicing-Webhooks/1.0";

export type WebhookRequest = {
  url: string;
  /** The event as the API shows it, serialised once: the bytes signed are the bytes sent. */
  body: string;
  /** The event id: the same on every attempt and every redelivery, so a receiver can dedupe by it. */
  messageId: string;
  timestampSeconds: number;
  secrets: string[];
};

export type AttemptResult = {
  statusCode: number | null;
  durationMs: number;
  /** The first RESPONSE_BODY_LOG_BYTES of the answer; null when none came. */
  responseBody: string | null;
  /** Why the attempt failed; null when it succeeded. */
  error: string | null;
};

export type SendOptions = { timeoutMs?: number; fetch?: typeof fetch };

export async function sendWebhookRequest(req: WebhookRequest, options: SendOptions = {}): Promise<AttemptResult> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const signature = await signStandardWebhook({ secrets: req.secrets, id: req.messageId, timestamp: req.timestampSeconds, body: req.body });
  const signal = AbortSignal.timeout(timeoutMs);
  // The signal aborts a real fetch; the race also ends a fetch (or a body read) that ignores it.
  const deadline = new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  let response: Response;
  try {
    response = await Promise.race([
      doFetch(req.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": WEBHOOK_USER_AGENT,
          "webhook-id": req.messageId,
          "webhook-timestamp": String(req.timestampSeconds),
          "webhook-signature": signature,
        },
        body: req.body,
        // A redirect could lead anywhere, including where assertWebhookUrl would refuse to go.
        redirect: "manual",
        signal,
      }),
      deadline,
    ]);
  } catch (err) {
    return { statusCode: null, durationMs: elapsed(), responseBody: null, error: signal.aborted ? timedOut(timeoutMs) : `Request failed: ${errorText(err)}` };
  }
  const responseBody = await readPrefix(response, RESPONSE_BODY_LOG_BYTES, signal).catch(() => null);
  const durationMs = elapsed();
  const statusCode = response.status;
  if (isDelivered(statusCode)) return { statusCode, durationMs, responseBody, error: null };
  const error =
    statusCode >= 300 && statusCode <= 399
      ? `Redirects are not followed (Location: ${response.headers.get("location")?.slice(0, 500) ?? "none"}); answer 2xx at the endpoint's URL.`
      : `The receiver answered ${statusCode}; only 2xx counts as delivered.`;
  return { statusCode, durationMs, responseBody, error };
}

const timedOut = (ms: number) => `No answer within ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}.`;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * At most `maxBytes` of the body, as text, reading no further: a receiver answering with a
 * huge body costs us one chunk, not its size. The rest is cancelled, freeing the connection,
 * and so is a body still trickling in when the deadline passes (what arrived is kept).
 */
async function readPrefix(response: Response, maxBytes: number, signal: AbortSignal): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    signal.removeEventListener("abort", stop);
    stop();
  }
  const bytes = new Uint8Array(Math.min(size, maxBytes));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
  }
  // stream: true holds back a character cut in half at the limit instead of writing U+FFFD.
  return new TextDecoder().decode(bytes, { stream: true });
}
