import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it, vi } from "vitest";
import { toEvent } from "../../src/db/event-queries";
import { consumeDeadTasks, consumeTasks } from "../../src/queue/consume-tasks";
import type { TaskMessage } from "../../src/queue/messages";
import { deliverWebhook } from "../../src/services/events/deliver-webhook";
import { dispatchEvents } from "../../src/services/events/dispatch-events";
import type { Services } from "../../src/services/services";
import { newAccount } from "../helpers/api";
import {
  attemptRows,
  deliveryRow,
  endpointRow,
  fakeQueue,
  fakeReceiver,
  type EndpointSeed,
  type ReceivedRequest,
  seedEndpoint,
  seedEvent,
  webhookServices,
} from "../helpers/webhook-receiver";

/*
 * deliverWebhook against the test D1, with the receiver faked at fetch and the queue and clock
 * faked in Services: what is signed and sent, what is recorded, and what is queued next.
 */

const headersOf = (r: ReceivedRequest) => ({
  "webhook-id": r.headers["webhook-id"]!,
  "webhook-timestamp": r.headers["webhook-timestamp"]!,
  "webhook-signature": r.headers["webhook-signature"]!,
});

/** An account with one endpoint and one event turned into a pending delivery by the real fan-out. */
async function pendingDelivery(overrides: Partial<Services> = {}, endpoint: EndpointSeed = {}) {
  const { accountId } = await newAccount();
  const ctx = webhookServices(overrides);
  const seeded = await seedEndpoint(accountId, endpoint);
  const event = await seedEvent(accountId, ctx.clock.iso);
  await dispatchEvents(ctx.services, accountId);
  const message = ctx.sent.splice(0).find((s) => s.body.kind === "deliver")!.body as Extract<TaskMessage, { kind: "deliver" }>;
  return { ...ctx, accountId, endpoint: seeded, event, deliveryId: message.delivery_id };
}

describe("deliverWebhook: the request", () => {
  it("POSTs the event as the API shows it, signed so the reference library verifies it, and records the success", async () => {
    const d = await pendingDelivery({}, { failingSince: "2020-01-02T00:00:00.000Z" });
    const receiver = fakeReceiver(() => new Response('{"received":true}', { status: 200 }));
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });

    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests as [ReceivedRequest];
    expect(req.url).toBe(d.endpoint.url);
    expect(req.method).toBe("POST");
    expect(req.redirect).toBe("manual");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["user-agent"]).toMatch(/EdgeInvoicing-Webhooks/);
    expect(req.headers["webhook-id"]).toBe(d.event.id);
    expect(Number(req.headers["webhook-timestamp"])).toBe(Math.floor(d.clock.now().getTime() / 1000));
    expect(req.body).toBe(JSON.stringify(toEvent(d.event)));
    expect(new Webhook(d.endpoint.secret).verify(req.body, headersOf(req))).toEqual(JSON.parse(req.body));

    const row = await deliveryRow(d.deliveryId);
    expect(row).toMatchObject({ status: "succeeded", attempts: 1, leased_until: null, completed_at: d.clock.iso, last_status_code: 200 });
    const attempts = await attemptRows(d.deliveryId);
    expect(attempts).toEqual([
      { ...attempts[0], attempted_at: d.clock.iso, status_code: 200, response_body: '{"received":true}', error: null, next_attempt_at: null },
    ]);
    expect(attempts[0]!.duration_ms).toBeGreaterThanOrEqual(0);
    // A success ends the endpoint's run of failures.
    expect((await endpointRow(d.endpoint.id)).failing_since).toBeNull();
    expect(d.sent).toEqual([]);
  });

  it("signs with the previous secret too while it is valid, and with the new one alone after it expires", async () => {
    const previous = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const expiresAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const d = await pendingDelivery({}, { previousSecret: previous, previousSecretExpiresAt: expiresAt });
    const receiver = fakeReceiver();
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
    const [during] = receiver.requests as [ReceivedRequest];
    expect(during.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(d.endpoint.secret).verify(during.body, headersOf(during))).not.toThrow();
    expect(() => new Webhook(previous).verify(during.body, headersOf(during))).not.toThrow();

    // The same endpoint, once the previous secret has expired.
    const after = await pendingDelivery(
      {},
      { secret: d.endpoint.secret, previousSecret: previous, previousSecretExpiresAt: new Date(Date.now() - 1000).toISOString() },
    );
    await deliverWebhook(after.services, after.accountId, after.deliveryId, { fetch: receiver.fetch });
    const later = receiver.requests[1]!;
    expect(later.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(() => new Webhook(d.endpoint.secret).verify(later.body, headersOf(later))).not.toThrow();
    expect(() => new Webhook(previous).verify(later.body, headersOf(later))).toThrow();
  });

  it("does not follow a redirect: a 3xx is a failed attempt", async () => {
    const d = await pendingDelivery();
    const receiver = fakeReceiver(() => new Response(null, { status: 302, headers: { location: "http://169.254.169.254/latest" } }));
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
    expect(receiver.requests).toHaveLength(1);
    const [attempt] = await attemptRows(d.deliveryId);
    expect(attempt).toMatchObject({ status_code: 302 });
    expect(attempt!.error).toMatch(/Redirects are not followed.*169\.254\.169\.254/);
    expect((await deliveryRow(d.deliveryId)).status).toBe("pending");
  });

  it("counts a receiver that never answers as a failed attempt once the timeout passes", async () => {
    const d = await pendingDelivery({ webhookRetrySchedule: "1m" });
    const hanging = (() => new Promise<Response>(() => {})) as typeof fetch;
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: hanging, timeoutMs: 50 });
    const [attempt] = await attemptRows(d.deliveryId);
    expect(attempt).toMatchObject({ status_code: null, response_body: null, error: "No answer within 50 ms." });
    expect(attempt!.duration_ms).toBeGreaterThanOrEqual(40);
    expect(await deliveryRow(d.deliveryId)).toMatchObject({ status: "pending", attempts: 1, leased_until: null });
    expect(d.sent).toEqual([{ body: { kind: "deliver", account_id: d.accountId, delivery_id: d.deliveryId }, delaySeconds: 60 }]);
  });

  it("records a connection error as a failed attempt without a status", async () => {
    const d = await pendingDelivery();
    const refused = (async () => {
      throw new TypeError("Network connection lost.");
    }) as typeof fetch;
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: refused });
    expect((await attemptRows(d.deliveryId))[0]).toMatchObject({ status_code: null, error: "Request failed: Network connection lost." });
  });

  it("keeps the first 1 KiB of an answer and reads no more of a huge one", async () => {
    const d = await pendingDelivery();
    let pulls = 0;
    const endless = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulls += 1;
            controller.enqueue(new TextEncoder().encode("é".repeat(300)));
          },
        }),
        { status: 503 },
      );
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: fakeReceiver(endless).fetch });
    const [attempt] = await attemptRows(d.deliveryId);
    expect(attempt!.status_code).toBe(503);
    // 512 two-byte characters are 1024 bytes: the limit falls on a character boundary here.
    expect(attempt!.response_body).toBe("é".repeat(512));
    expect(pulls).toBeLessThan(10);
  });
});

describe("deliverWebhook: retries", () => {
  it("follows the schedule: each failure recorded, the next attempt queued with its delay, failed after the last", async () => {
    const d = await pendingDelivery({ webhookRetrySchedule: "5s,1m,1h" });
    const longBody = "x".repeat(2000);
    const receiver = fakeReceiver(() => new Response(longBody, { status: 500 }));
    const delays = [5, 60, 3600];
    for (const [i, delay] of delays.entries()) {
      await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
      const next = new Date(d.clock.now().getTime() + delay * 1000).toISOString();
      expect(await deliveryRow(d.deliveryId)).toMatchObject({ status: "pending", attempts: i + 1, next_attempt_at: next, leased_until: null });
      expect(d.sent.splice(0)).toEqual([{ body: { kind: "deliver", account_id: d.accountId, delivery_id: d.deliveryId }, delaySeconds: delay }]);
      const attempt = (await attemptRows(d.deliveryId))[i]!;
      expect(attempt).toMatchObject({ attempted_at: d.clock.iso, status_code: 500, next_attempt_at: next });
      expect(attempt.response_body).toBe("x".repeat(1024));
      expect(attempt.error).toMatch(/answered 500/);

      // A message arriving early (more than the second of slack) finds it not due and does nothing.
      d.clock.advance(delay * 1000 - 2000);
      await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
      expect(receiver.requests).toHaveLength(i + 1);
      d.clock.advance(2000);
    }
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
    expect(await deliveryRow(d.deliveryId)).toMatchObject({ status: "failed", attempts: 4, next_attempt_at: null, completed_at: d.clock.iso });
    expect(d.sent).toEqual([]);
    expect((await attemptRows(d.deliveryId)).map((a) => a.next_attempt_at).at(-1)).toBeNull();
    // Every attempt carried the same webhook-id: the event's.
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([d.event.id]));
    // A failed delivery is done: another message does nothing.
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
    expect(receiver.requests).toHaveLength(4);
  });

  it("marks the endpoint failing at the first failure and keeps that time through later ones", async () => {
    const d = await pendingDelivery({ webhookRetrySchedule: "5s,5s" });
    const failing = fakeReceiver(() => new Response("no", { status: 500 }));
    const firstFailure = d.clock.iso;
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: failing.fetch });
    d.clock.advance(5000);
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: failing.fetch });
    expect((await endpointRow(d.endpoint.id)).failing_since).toBe(firstFailure);
    d.clock.advance(5000);
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: fakeReceiver().fetch });
    expect((await endpointRow(d.endpoint.id)).failing_since).toBeNull();
    expect((await deliveryRow(d.deliveryId)).status).toBe("succeeded");
  });

  it("leaves a delivery alone while another consumer holds it: a duplicate message makes no request", async () => {
    const d = await pendingDelivery();
    let answer!: (r: Response) => void;
    const slow = fakeReceiver(() => new Promise<Response>((resolve) => (answer = resolve)));
    const first = deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: slow.fetch });
    await vi.waitFor(() => expect(slow.requests).toHaveLength(1));
    expect((await deliveryRow(d.deliveryId)).leased_until).toBe(new Date(d.clock.now().getTime() + 30_000).toISOString());

    const duplicate = fakeReceiver();
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: duplicate.fetch });
    expect(duplicate.requests).toHaveLength(0);

    answer(new Response("ok"));
    await first;
    expect(await deliveryRow(d.deliveryId)).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(await attemptRows(d.deliveryId)).toHaveLength(1);
  });

  it("takes over a claim whose lease ran out (its consumer died)", async () => {
    const d = await pendingDelivery();
    await env.DB.prepare("UPDATE webhook_deliveries SET leased_until = ? WHERE id = ?")
      .bind(new Date(d.clock.now().getTime() - 1).toISOString(), d.deliveryId)
      .run();
    const receiver = fakeReceiver();
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
    expect(receiver.requests).toHaveLength(1);
    expect((await deliveryRow(d.deliveryId)).status).toBe("succeeded");
  });

  it("lets go of its claim when it crashes, so the queue's retry of the message can attempt it", async () => {
    const d = await pendingDelivery({ webhookRetrySchedule: "5s" });
    // A queue that fails once the attempt is recorded: the crash comes after the claim.
    const broken = { ...fakeQueue().queue, sendBatch: async () => Promise.reject(new Error("queue unavailable")) } as unknown as Services["tasks"];
    const failing = fakeReceiver(() => new Response("no", { status: 500 }));
    await expect(deliverWebhook({ ...d.services, tasks: broken }, d.accountId, d.deliveryId, { fetch: failing.fetch })).rejects.toThrow("queue unavailable");
    // The attempt stands; the retry is the sweep's (or the message retry's) once due.
    expect(await deliveryRow(d.deliveryId)).toMatchObject({ status: "pending", attempts: 1, leased_until: null });
  });
});

describe("deliverWebhook: endpoints that cannot be sent to", () => {
  it("fails the delivery of a disabled endpoint without a request", async () => {
    const d = await pendingDelivery();
    await env.DB.prepare("UPDATE webhook_endpoints SET status = 'disabled' WHERE id = ?").bind(d.endpoint.id).run();
    const receiver = fakeReceiver();
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
    expect(receiver.requests).toHaveLength(0);
    expect(await deliveryRow(d.deliveryId)).toMatchObject({ status: "failed", completed_at: d.clock.iso });
    expect(await attemptRows(d.deliveryId)).toMatchObject([{ status_code: null, duration_ms: 0, error: "Not sent: the webhook endpoint is disabled." }]);
    expect(d.sent).toEqual([]);
  });

  it("fails the delivery of a deleted endpoint without a request", async () => {
    const d = await pendingDelivery();
    await env.DB.prepare("DELETE FROM webhook_endpoints WHERE id = ?").bind(d.endpoint.id).run();
    const receiver = fakeReceiver();
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
    expect(receiver.requests).toHaveLength(0);
    expect((await deliveryRow(d.deliveryId)).status).toBe("failed");
    expect((await attemptRows(d.deliveryId))[0]!.error).toBe("Not sent: the webhook endpoint was deleted.");
  });

  it("checks the URL again at each attempt: one no longer allowed is a failed attempt without a request", async () => {
    const d = await pendingDelivery({ allowInsecureWebhookUrls: false }, { url: "http://127.0.0.1:8788/hooks" });
    const receiver = fakeReceiver();
    await deliverWebhook(d.services, d.accountId, d.deliveryId, { fetch: receiver.fetch });
    expect(receiver.requests).toHaveLength(0);
    const [attempt] = await attemptRows(d.deliveryId);
    expect(attempt!.error).toMatch(/^Not sent: A webhook URL must use https/);
    // The merchant may fix the URL: the delivery is retried on the schedule.
    expect(await deliveryRow(d.deliveryId)).toMatchObject({ status: "pending", attempts: 1 });
    expect(d.sent).toHaveLength(1);
  });
});

describe("the task consumers", () => {
  const batchOf = (queue: string, bodies: TaskMessage[]) => {
    const acked: TaskMessage[] = [];
    const retried: TaskMessage[] = [];
    const messages = bodies.map((body, i) => ({
      id: `m${i}`,
      timestamp: new Date(),
      attempts: 6,
      body,
      ack: () => void acked.push(body),
      retry: () => void retried.push(body),
    }));
    return { batch: { queue, messages, ackAll() {}, retryAll() {} } as unknown as MessageBatch<TaskMessage>, acked, retried };
  };

  it("hands a deliver task to deliverWebhook", async () => {
    const d = await pendingDelivery();
    const receiver = fakeReceiver();
    // The consumer builds its own Services from env, so the receiver is swapped at the global fetch.
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(receiver.fetch);
    try {
      const { batch, acked } = batchOf("invoicing-tasks", [{ kind: "deliver", account_id: d.accountId, delivery_id: d.deliveryId }]);
      await consumeTasks(batch, { ...env, TASKS: fakeQueue().queue });
      expect(acked).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
    expect(receiver.requests).toHaveLength(1);
    expect((await deliveryRow(d.deliveryId)).status).toBe("succeeded");
  });

  it("fails a dead-lettered delivery so the sweep stops queueing it, and leaves a finished one alone", async () => {
    const d = await pendingDelivery();
    const done = await pendingDelivery();
    await deliverWebhook(done.services, done.accountId, done.deliveryId, { fetch: fakeReceiver().fetch });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { batch, acked } = batchOf("invoicing-tasks-dead", [
      { kind: "deliver", account_id: d.accountId, delivery_id: d.deliveryId },
      { kind: "deliver", account_id: done.accountId, delivery_id: done.deliveryId },
    ]);
    try {
      await consumeDeadTasks(batch, env);
      expect(errors.mock.calls.map((c) => JSON.parse(String(c[0])).message)).toEqual(["task dead-lettered", "task dead-lettered"]);
    } finally {
      errors.mockRestore();
    }
    expect(acked).toHaveLength(2);
    expect(await deliveryRow(d.deliveryId)).toMatchObject({ status: "failed", next_attempt_at: null });
    expect((await attemptRows(d.deliveryId)).at(-1)).toMatchObject({ status_code: null, error: "delivery processing failed repeatedly" });
    expect((await deliveryRow(done.deliveryId)).status).toBe("succeeded");
    expect(await attemptRows(done.deliveryId)).toHaveLength(1);
  });
});
