import { env } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import { eventInsert } from "../../src/db/event-writes";
import { webhookEndpoints } from "../../src/db/schema";
import { newId } from "../../src/ids";
import type { TaskMessage, TaskQueue } from "../../src/queue/messages";
import { buildServices, type Services } from "../../src/services/services";
import { newWebhookSecret } from "../../src/services/webhooks/standard-webhooks";

/*
 * The outside world of an outbound webhook, faked: a receiver behind `fetch` that records every
 * request and answers as the test says, a queue that keeps what is sent to it, and a clock.
 */

export type ReceivedRequest = { url: string; method: string; redirect: string | undefined; headers: Record<string, string>; body: string };

/** A `fetch` that records each request and answers with `respond`. */
export function fakeReceiver(respond: (req: ReceivedRequest, n: number) => Response | Promise<Response> = () => new Response("ok")) {
  const requests: ReceivedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const received = { url: req.url, method: req.method, redirect: init?.redirect, headers: Object.fromEntries(req.headers), body: await req.text() };
    requests.push(received);
    return respond(received, requests.length);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

export type SentTask = { body: TaskMessage; delaySeconds?: number };

/** A TASKS queue that keeps what is sent to it. */
export function fakeQueue() {
  const sent: SentTask[] = [];
  const queue = {
    async send(body: TaskMessage, options?: { delaySeconds?: number }) {
      sent.push({ body, delaySeconds: options?.delaySeconds });
    },
    async sendBatch(messages: Iterable<SentTask>) {
      sent.push(...messages);
    },
  };
  return { queue: queue as unknown as TaskQueue, sent };
}

/** A clock the test moves. */
export function testClock(start: string | number = Date.now()) {
  let at = typeof start === "number" ? start : Date.parse(start);
  return {
    now: () => new Date(at),
    advance: (ms: number) => void (at += ms),
    set: (iso: string) => void (at = Date.parse(iso)),
    get iso() {
      return new Date(at).toISOString();
    },
  };
}

/** Services from the test env with a fake queue and a clock; `overrides` replace the rest. */
export function webhookServices(overrides: Partial<Services> = {}) {
  const tasks = fakeQueue();
  const clock = testClock();
  const services: Services = { ...buildServices(env), now: clock.now, tasks: tasks.queue, ...overrides };
  return { services, sent: tasks.sent, clock };
}

export type EndpointSeed = Partial<typeof webhookEndpoints.$inferInsert>;

/** An enabled endpoint subscribed to everything, written directly (the CRUD routes are another helper's). */
export async function seedEndpoint(accountId: string, seed: EndpointSeed = {}) {
  const at = seed.createdAt ?? "2020-01-01T00:00:00.000Z";
  const row = {
    id: newId("we"),
    accountId,
    url: "https://receiver.example.com/webhooks",
    description: null,
    enabledEvents: ["*"],
    status: "enabled",
    secret: newWebhookSecret(),
    previousSecret: null,
    previousSecretExpiresAt: null,
    metadata: {},
    failingSince: null,
    disabledReason: null,
    createdAt: at,
    updatedAt: at,
    ...seed,
  };
  await createDb(env.DB).insert(webhookEndpoints).values(row);
  return row;
}

/** An invoice.paid event in the outbox, as a committed change writes it. */
export async function seedEvent(accountId: string, at: string, type = "invoice.paid") {
  const [row] = await eventInsert(
    createDb(env.DB),
    accountId,
    { type: "invoice", id: "inv_webhooktest" },
    { type, object: { id: "inv_webhooktest", object: "invoice", status: "paid" }, actor: "key_test", requestId: "req_test" },
    at,
  ).returning();
  return row!;
}

/** Rows of a table for an account, as D1 holds them. */
export async function rowsOf<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  const { results } = await env.DB.prepare(sql)
    .bind(...params)
    .all<T>();
  return results;
}

export type DeliveryRowView = {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  leased_until: string | null;
  completed_at: string | null;
  last_status_code: number | null;
};

export const deliveryRow = async (id: string) => (await rowsOf<DeliveryRowView>("SELECT * FROM webhook_deliveries WHERE id = ?", id))[0]!;

export type AttemptRowView = {
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
  next_attempt_at: string | null;
};

export const attemptRows = (deliveryId: string) =>
  rowsOf<AttemptRowView>("SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempted_at, rowid", deliveryId);

export const endpointRow = async (id: string) =>
  (await rowsOf<{ status: string; failing_since: string | null; disabled_reason: string | null }>("SELECT * FROM webhook_endpoints WHERE id = ?", id))[0]!;
