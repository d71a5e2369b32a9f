import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverWebhook } from "../../src/services/events/deliver-webhook";
import { dispatchEvents } from "../../src/services/events/dispatch-events";
import { buildServices } from "../../src/services/services";
import { newAccount } from "../helpers/api";
import { capturingBinding } from "../helpers/captured-mail";
import { attemptRows, deliveryRow, endpointRow, fakeReceiver, rowsOf, seedEndpoint, seedEvent, webhookServices } from "../helpers/webhook-receiver";

/*
 * Five days of nothing but failures disables an endpoint: once, with one event and one email,
 * however many deliveries fail at the same moment.
 */

const DAY = 24 * 60 * 60 * 1000;

async function failingAccount() {
  const { accountId } = await newAccount({ name: "Stateset", email: "ops@stateset.test" });
  const mail = capturingBinding();
  // The real send_email mailer, over a binding that keeps the raw MIME.
  const ctx = webhookServices({ mailer: buildServices({ ...env, EMAIL: mail.binding }).mailer, webhookRetrySchedule: "12h" });
  const endpoint = await seedEndpoint(accountId, { enabledEvents: ["invoice.paid"] });
  const receiver = fakeReceiver(() => new Response("down for maintenance", { status: 503 }));
  /** A new event fanned out to the endpoint; the ids of its deliveries. */
  const deliveries = async (count = 1) => {
    for (let i = 0; i < count; i++) await seedEvent(accountId, ctx.clock.iso);
    await dispatchEvents(ctx.services, accountId);
    return ctx.sent.splice(0).map((s) => (s.body as { delivery_id: string }).delivery_id);
  };
  const deliver = (id: string) => deliverWebhook(ctx.services, accountId, id, { fetch: receiver.fetch });
  return { ...ctx, accountId, endpoint, receiver, mail, deliveries, deliver };
}

const disabledEvents = (accountId: string) =>
  rowsOf<{ id: string; data: string; actor: string }>("SELECT * FROM events WHERE account_id = ? AND type = 'webhook_endpoint.disabled'", accountId);

describe("auto-disable", () => {
  it("disables an endpoint failing for five days, with exactly one event and one email, however many deliveries fail together", async () => {
    const a = await failingAccount();
    const since = a.clock.iso;
    const [first] = await a.deliveries();
    await a.deliver(first!);
    expect((await endpointRow(a.endpoint.id)).failing_since).toBe(since);

    // Four days on, still failing: not yet.
    a.clock.advance(4 * DAY);
    const [early] = await a.deliveries();
    await a.deliver(early!);
    expect((await endpointRow(a.endpoint.id)).status).toBe("enabled");

    // Five days after the first failure, three deliveries fail at once.
    a.clock.advance(DAY);
    const together = await a.deliveries(3);
    await Promise.all(together.map((id) => a.deliver(id)));

    const endpoint = await endpointRow(a.endpoint.id);
    expect(endpoint.status).toBe("disabled");
    expect(endpoint.disabled_reason).toContain(since);
    const events = await disabledEvents(a.accountId);
    expect(events).toHaveLength(1);
    const object = JSON.parse(events[0]!.data).object;
    expect(object).toEqual({
      id: a.endpoint.id,
      object: "webhook_endpoint",
      url: a.endpoint.url,
      enabled_events: ["invoice.paid"],
      description: null,
      metadata: {},
      status: "disabled",
      disabled_reason: endpoint.disabled_reason,
      created_at: a.endpoint.createdAt,
      updated_at: a.clock.iso,
    });
    expect(JSON.stringify(events[0])).not.toContain(a.endpoint.secret);
    expect(events[0]!.actor).toBe("system:webhooks");

    expect(a.mail.raws).toHaveLength(1);
    const mail = await a.mail.last();
    expect(mail.to?.map((t) => t.address)).toEqual(["ops@stateset.test"]);
    expect(mail.subject).toBe(`Webhook endpoint ${a.endpoint.id} was disabled`);
    expect(mail.html).toBeUndefined();
    const text = mail.text!;
    expect(text).toContain(a.endpoint.url);
    expect(text).toContain(`since ${since}`);
    expect(text).toContain(`PATCH https://invoices.test/v1/webhook_endpoints/${a.endpoint.id}`);
    expect(text).toContain('{"status": "enabled"}');
    expect(text).toContain("POST https://invoices.test/v1/events/{event_id}/redeliver");

    // The deliveries still pending fail at their next attempt, without a request and without a second notice.
    const requestsBefore = a.receiver.requests.length;
    a.clock.advance(12 * 60 * 60 * 1000);
    for (const id of [early!, ...together]) await a.deliver(id);
    expect(a.receiver.requests).toHaveLength(requestsBefore);
    for (const id of [early!, ...together]) expect((await deliveryRow(id)).status).toBe("failed");
    expect((await attemptRows(together[0]!)).at(-1)!.error).toBe("Not sent: the webhook endpoint is disabled.");
    expect(await disabledEvents(a.accountId)).toHaveLength(1);
    expect(a.mail.raws).toHaveLength(1);
  });

  it("does not disable an endpoint that succeeded in between: a success starts the count again", async () => {
    const a = await failingAccount();
    const [first] = await a.deliveries();
    await a.deliver(first!);
    a.clock.advance(3 * DAY);
    const [ok] = await a.deliveries();
    await deliverWebhook(a.services, a.accountId, ok!, { fetch: fakeReceiver().fetch });
    a.clock.advance(2 * DAY);
    const [again] = await a.deliveries();
    await a.deliver(again!);
    expect(await endpointRow(a.endpoint.id)).toMatchObject({ status: "enabled", failing_since: a.clock.iso });
    expect(await disabledEvents(a.accountId)).toHaveLength(0);
    expect(a.mail.raws).toHaveLength(0);
  });

  it("still disables (with its event) an endpoint of an account without an email address", async () => {
    const a = await failingAccount();
    await env.DB.prepare("UPDATE accounts SET email = NULL WHERE id = ?").bind(a.accountId).run();
    await env.DB.prepare("UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?")
      .bind(new Date(a.clock.now().getTime() - 6 * DAY).toISOString(), a.endpoint.id)
      .run();
    const [id] = await a.deliveries();
    await a.deliver(id!);
    expect((await endpointRow(a.endpoint.id)).status).toBe("disabled");
    expect(await disabledEvents(a.accountId)).toHaveLength(1);
    expect(a.mail.raws).toHaveLength(0);
  });
});
