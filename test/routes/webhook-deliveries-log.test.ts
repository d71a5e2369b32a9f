import { describe, expect, it } from "vitest";
import { deliverWebhook } from "../../src/services/events/deliver-webhook";
import { dispatchEvents } from "../../src/services/events/dispatch-events";
import { expectError, keyWithScopes, newAccount } from "../helpers/api";
import { fetchWithBindings } from "../helpers/app-fetch";
import { attemptRows, fakeQueue, fakeReceiver, rowsOf, seedEndpoint, seedEvent, webhookServices } from "../helpers/webhook-receiver";

/*
 * The delivery log (GET /v1/webhook_endpoints/{id}/deliveries) and replays
 * (POST /v1/events/{id}/redeliver). Requests that write go through the app with a fake TASKS
 * queue, so nothing they queue reaches the test worker's own consumer.
 */

async function account() {
  const created = await newAccount();
  const ctx = webhookServices({ webhookRetrySchedule: "5s,5s" });
  const queue = fakeQueue();
  const post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    fetchWithBindings({ TASKS: queue.queue }, "POST", path, { apiKey: created.apiKey, body, headers });
  // The request's outbox flush queues a dispatch too; the deliveries are what these tests follow.
  const queued = () => queue.sent.filter((s) => s.body.kind === "deliver");
  return { ...created, ...ctx, post, queued };
}

/** An event fanned out to the account's endpoints; the delivery ids. */
async function fanOut(a: Awaited<ReturnType<typeof account>>, type = "invoice.paid") {
  const event = await seedEvent(a.accountId, a.clock.iso, type);
  await dispatchEvents(a.services, a.accountId);
  return { event, deliveryIds: a.sent.splice(0).map((s) => (s.body as { delivery_id: string }).delivery_id) };
}

describe("GET /v1/webhook_endpoints/{id}/deliveries", () => {
  it("lists the endpoint's deliveries newest first, each with every attempt", async () => {
    const a = await account();
    const endpoint = await seedEndpoint(a.accountId);
    const older = await fanOut(a);
    a.clock.advance(1000);
    const newer = await fanOut(a, "invoice.sent");
    const flaky = fakeReceiver((_r, n) => (n === 1 ? new Response("busy", { status: 503 }) : new Response("thanks")));
    await deliverWebhook(a.services, a.accountId, older.deliveryIds[0]!, { fetch: flaky.fetch });
    const firstAttemptAt = a.clock.iso;
    a.clock.advance(5000);
    await deliverWebhook(a.services, a.accountId, older.deliveryIds[0]!, { fetch: flaky.fetch });

    const res = await a.api.get(`/v1/webhook_endpoints/${endpoint.id}/deliveries`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: "list", has_more: false, url: `/v1/webhook_endpoints/${endpoint.id}/deliveries` });
    expect(res.body.data.map((d: any) => d.id)).toEqual([newer.deliveryIds[0], older.deliveryIds[0]]);
    const [pending, delivered] = res.body.data;
    expect(pending).toEqual({
      id: newer.deliveryIds[0],
      object: "webhook_delivery",
      endpoint_id: endpoint.id,
      event_id: newer.event.id,
      event_type: "invoice.sent",
      status: "pending",
      attempts: [],
      next_attempt_at: newer.event.createdAt,
      created_at: newer.event.createdAt,
      completed_at: null,
    });
    expect(delivered).toMatchObject({ event_type: "invoice.paid", status: "succeeded", next_attempt_at: null, completed_at: a.clock.iso });
    expect(delivered.attempts).toEqual([
      {
        attempted_at: firstAttemptAt,
        status_code: 503,
        duration_ms: expect.any(Number),
        response_body: "busy",
        error: expect.stringMatching(/answered 503/),
        next_attempt_at: a.clock.iso,
      },
      { attempted_at: a.clock.iso, status_code: 200, duration_ms: expect.any(Number), response_body: "thanks", error: null, next_attempt_at: null },
    ]);
  });

  it("filters by status and event, and pages with a cursor", async () => {
    const a = await account();
    const endpoint = await seedEndpoint(a.accountId);
    const ids: string[] = [];
    const events: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = await fanOut(a);
      ids.push(f.deliveryIds[0]!);
      events.push(f.event.id);
      a.clock.advance(1000);
    }
    await deliverWebhook(a.services, a.accountId, ids[0]!, { fetch: fakeReceiver().fetch });
    const list = (query: string) => a.api.get(`/v1/webhook_endpoints/${endpoint.id}/deliveries?${query}`);

    expect((await list("status=succeeded")).body.data.map((d: any) => d.id)).toEqual([ids[0]]);
    expect((await list("status=pending")).body.data.map((d: any) => d.id)).toEqual([ids[2], ids[1]]);
    expect((await list(`event_id=${events[1]}`)).body.data.map((d: any) => d.id)).toEqual([ids[1]]);
    const page1 = await list("limit=2");
    expect(page1.body).toMatchObject({ has_more: true });
    expect(page1.body.data.map((d: any) => d.id)).toEqual([ids[2], ids[1]]);
    const page2 = await list(`limit=2&starting_after=${ids[1]}`);
    expect(page2.body).toMatchObject({ has_more: false });
    expect(page2.body.data.map((d: any) => d.id)).toEqual([ids[0]]);
    expect((await list(`ending_before=${ids[0]}`)).body.data.map((d: any) => d.id)).toEqual([ids[2], ids[1]]);
    expectError(await list("status=sent"), 400, { param: "status" });
    expectError(await list("starting_after=whd_nope"), 400, { param: "starting_after" });
  });

  it("answers 404 for another account's endpoint and 403 without webhooks:write", async () => {
    const a = await account();
    const other = await newAccount();
    const theirs = await seedEndpoint(other.accountId);
    expectError(await a.api.get(`/v1/webhook_endpoints/${theirs.id}/deliveries`), 404, { code: "resource_missing" });
    expectError(await a.api.get("/v1/webhook_endpoints/we_missing/deliveries"), 404);
    const mine = await seedEndpoint(a.accountId);
    const reader = await keyWithScopes(a.accountId, ["invoices:read"]);
    expectError(await reader.get(`/v1/webhook_endpoints/${mine.id}/deliveries`), 403);
  });
});

describe("POST /v1/events/{id}/redeliver", () => {
  it("makes a new delivery of an event already delivered, queued now, carrying the same webhook-id", async () => {
    const a = await account();
    const endpoint = await seedEndpoint(a.accountId);
    const { event, deliveryIds } = await fanOut(a);
    const receiver = fakeReceiver();
    await deliverWebhook(a.services, a.accountId, deliveryIds[0]!, { fetch: receiver.fetch });

    const res = await a.post(`/v1/events/${event.id}/redeliver`, { endpoint_id: endpoint.id });
    expect(res.status).toBe(202);
    expect(res.body.object).toBe("list");
    expect(res.body.data).toHaveLength(1);
    const [created] = res.body.data;
    expect(created).toMatchObject({
      object: "webhook_delivery",
      endpoint_id: endpoint.id,
      event_id: event.id,
      event_type: "invoice.paid",
      status: "pending",
      attempts: [],
    });
    expect(created.id).not.toBe(deliveryIds[0]);
    expect(a.queued()).toEqual([{ body: { kind: "deliver", account_id: a.accountId, delivery_id: created.id } }]);
    const [row] = await rowsOf<{ dedupe_key: string }>("SELECT dedupe_key FROM webhook_deliveries WHERE id = ?", created.id);
    expect(row!.dedupe_key).toBe(`redeliver:${created.id}`);

    await deliverWebhook({ ...a.services, now: () => new Date() }, a.accountId, created.id, { fetch: receiver.fetch });
    expect(receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([event.id, event.id]);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
    expect(await attemptRows(created.id)).toMatchObject([{ status_code: 200 }]);
  });

  it("without endpoint_id, makes one delivery per enabled endpoint subscribed to the event's type", async () => {
    const a = await account();
    const all = await seedEndpoint(a.accountId);
    const paid = await seedEndpoint(a.accountId, { enabledEvents: ["invoice.paid"] });
    await seedEndpoint(a.accountId, { enabledEvents: ["customer.created"] });
    await seedEndpoint(a.accountId, { status: "disabled" });
    const event = await seedEvent(a.accountId, a.clock.iso);
    const res = await a.post(`/v1/events/${event.id}/redeliver`);
    expect(res.status).toBe(202);
    expect(res.body.data.map((d: any) => d.endpoint_id).sort()).toEqual([all.id, paid.id].sort());
    expect(
      a
        .queued()
        .map((s) => (s.body as { delivery_id: string }).delivery_id)
        .sort(),
    ).toEqual(res.body.data.map((d: any) => d.id).sort());
  });

  it("refuses another account's event or endpoint (404) and a disabled endpoint (400)", async () => {
    const a = await account();
    const other = await newAccount();
    const theirEndpoint = await seedEndpoint(other.accountId);
    const theirEvent = await seedEvent(other.accountId, a.clock.iso);
    const disabled = await seedEndpoint(a.accountId, { status: "disabled" });
    const event = await seedEvent(a.accountId, a.clock.iso);
    expectError(await a.post(`/v1/events/${theirEvent.id}/redeliver`), 404, { code: "resource_missing" });
    expectError(await a.post(`/v1/events/${event.id}/redeliver`, { endpoint_id: theirEndpoint.id }), 404, { code: "resource_missing" });
    expectError(await a.post(`/v1/events/${event.id}/redeliver`, { endpoint_id: disabled.id }), 400, { param: "endpoint_id", code: "endpoint_disabled" });
    expectError(await a.post(`/v1/events/${event.id}/redeliver`, { endpoint: "x" }), 400);
    const reader = await keyWithScopes(a.accountId, ["invoices:read"]);
    expectError(await reader.post(`/v1/events/${event.id}/redeliver`), 403);
    expect(a.queued()).toEqual([]);
    expect(await rowsOf("SELECT id FROM webhook_deliveries WHERE event_id IN (?, ?)", event.id, theirEvent.id)).toEqual([]);
  });

  it("with an Idempotency-Key, a retried request replays the first answer and makes no second delivery", async () => {
    const a = await account();
    const endpoint = await seedEndpoint(a.accountId);
    const event = await seedEvent(a.accountId, a.clock.iso);
    const first = await a.post(`/v1/events/${event.id}/redeliver`, { endpoint_id: endpoint.id }, { "Idempotency-Key": "replay-1" });
    const again = await a.post(`/v1/events/${event.id}/redeliver`, { endpoint_id: endpoint.id }, { "Idempotency-Key": "replay-1" });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await rowsOf("SELECT id FROM webhook_deliveries WHERE event_id = ?", event.id)).toHaveLength(1);
    expect(a.queued()).toHaveLength(1);
    // Without the key, each request is a new redelivery.
    await a.post(`/v1/events/${event.id}/redeliver`, { endpoint_id: endpoint.id });
    expect(await rowsOf("SELECT id FROM webhook_deliveries WHERE event_id = ?", event.id)).toHaveLength(2);
  });
});
