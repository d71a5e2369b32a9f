import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverWebhook } from "../../src/services/events/deliver-webhook";
import { dispatchEvents } from "../../src/services/events/dispatch-events";
import { sweepOutbox } from "../../src/services/events/sweep";
import { buildServices } from "../../src/services/services";
import { keyWithScopes, newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";
import { fakeReceiver, seedEndpoint, seedEvent, webhookServices } from "../helpers/webhook-receiver";

/**
 * The invoice as the events show it: without the field only the schedule sync writes after the
 * commit, and without what the send's answer adds beside the invoice (email_details).
 */
const withoutSchedule = ({ next_reminder_date: _, email_details: __, ...rest }: Record<string, unknown>) => rest;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the events feed", () => {
  it("holds every change of the seed invoice, each with the object exactly as the API answered that change", async () => {
    const { api } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    const finalized = await api.post(`/v1/invoices/${draft.body.id}/finalize`);
    const sent = await api.post(`/v1/invoices/${draft.body.id}/send`, {});
    const partial = await api.post(`/v1/invoices/${draft.body.id}/payments`, { amount: 200000 });
    const full = await api.post(`/v1/invoices/${draft.body.id}/payments`, { amount: 497500 });
    expect(full.body.invoice.status).toBe("paid");

    const feed = await api.get("/v1/events?limit=100");
    expect(feed.status).toBe(200);
    expect(feed.body).toMatchObject({ object: "list", has_more: false, url: "/v1/events" });
    const events = [...feed.body.data].reverse(); // newest first in the feed
    expect(events.map((e: any) => e.type)).toEqual([
      "customer.created",
      "invoice.created",
      "invoice.finalized",
      "invoice.sent",
      "invoice.payment_succeeded",
      "invoice.payment_succeeded",
      "invoice.paid",
    ]);
    expect(events[0].data.object).toEqual(customer.body);
    const answers = [draft.body, finalized.body, sent.body.invoice ?? sent.body, partial.body.invoice, full.body.invoice, full.body.invoice];
    events.slice(1).forEach((e: any, i: number) => {
      expect(withoutSchedule(e.data.object), e.type).toEqual(withoutSchedule(answers[i]));
    });
    const { invoice: _, ...payment } = partial.body;
    expect(events[4].data.payment).toEqual(payment);
    expect(events[3].data.delivery).toMatchObject({ sent_to: [seedCustomer.email] });
    for (const e of events) expect(e).toMatchObject({ object: "event", id: expect.stringMatching(/^evt_/), created_at: expect.stringMatching(/Z$/) });

    // The invoice's timeline is the same events.
    const timeline = (await api.get(`/v1/invoices/${draft.body.id}/events`)).body.data;
    expect(timeline).toEqual(events.slice(1));
    expect((await api.get(`/v1/events/${events[2].id}`)).body).toEqual(events[2]);
  });

  it("filters by one type or several, by object and by time, and pages with cursors", async () => {
    const { api } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const a = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    const b = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    await api.post(`/v1/invoices/${a.body.id}/finalize`);
    await api.patch(`/v1/customers/${customer.body.id}`, { name: "Renamed" });

    const types = async (q: string) => (await api.get(`/v1/events?${q}`)).body.data.map((e: any) => e.type);
    expect(await types("type=invoice.created")).toEqual(["invoice.created", "invoice.created"]);
    expect(await types("type=invoice.finalized,customer.updated")).toEqual(["customer.updated", "invoice.finalized"]);
    expect(await types(`object_id=${a.body.id}`)).toEqual(["invoice.finalized", "invoice.created"]);
    const all = (await api.get("/v1/events")).body.data;
    const middle = all[2].created_at;
    expect((await api.get(`/v1/events?created_gte=${middle}`)).body.data.every((e: any) => e.created_at >= middle)).toBe(true);
    expect((await api.get(`/v1/events?created_lt=${middle}`)).body.data.every((e: any) => e.created_at < middle)).toBe(true);

    const first = await api.get("/v1/events?limit=2");
    expect(first.body.has_more).toBe(true);
    const second = await api.get(`/v1/events?limit=2&starting_after=${first.body.data[1].id}`);
    const back = await api.get(`/v1/events?limit=2&ending_before=${second.body.data[0].id}`);
    expect(back.body.data).toEqual(first.body.data);
    expect([...first.body.data, ...second.body.data].map((e: any) => e.id)).toEqual(all.slice(0, 4).map((e: any) => e.id));
    expect(b.status).toBe(201);

    const bad = await api.get("/v1/events?type=invoice.payed");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ param: "type", message: expect.stringContaining("invoice.payed") });
    expect((await api.get("/v1/events?created_gte=yesterday")).body.error.param).toBe("created_gte");
    expect((await api.get("/v1/events/evt_nope")).status).toBe(404);
  });

  it("writes no event for a change that does not happen, and one for each that does under a race", async () => {
    const { api, accountId } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    const count = async (type: string) =>
      (await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE account_id = ? AND type = ?").bind(accountId, type).first<{ n: number }>())!.n;

    const racing = await Promise.all(Array.from({ length: 5 }, () => api.post(`/v1/invoices/${draft.body.id}/finalize`)));
    expect(racing.filter((r) => r.status === 200)).toHaveLength(1);
    expect(await count("invoice.finalized")).toBe(1);

    await api.post(`/v1/invoices/${draft.body.id}/payments`, { amount: 697500 });
    expect((await api.post(`/v1/invoices/${draft.body.id}/void`)).status).toBe(409);
    expect(await count("invoice.voided")).toBe(0);
    expect((await api.delete(`/v1/customers/${customer.body.id}`)).status).toBe(409);
    expect(await count("customer.deleted")).toBe(0);
    expect((await api.post(`/v1/invoices/${draft.body.id}/payments`, { amount: 1 })).status).toBe(409);
    expect(await count("invoice.payment_succeeded")).toBe(1);
  });

  it("records customers' changes with the customer as it then was", async () => {
    const { api } = await newAccount();
    const created = await api.post("/v1/customers", { ...seedCustomer, metadata: { tier: "gold" } });
    const updated = await api.patch(`/v1/customers/${created.body.id}`, { name: "Renamed", metadata: { tier: "" } });
    const deleted = await api.delete(`/v1/customers/${created.body.id}`);
    expect(deleted.status).toBe(200);
    const events = (await api.get(`/v1/events?object_id=${created.body.id}`)).body.data.reverse();
    expect(events.map((e: any) => e.type)).toEqual(["customer.created", "customer.updated", "customer.deleted"]);
    expect(events[0].data.object).toEqual(created.body);
    expect(events[1].data.object).toEqual(updated.body);
    expect(events[1].data.object.metadata).toEqual({});
    expect(events[1].data.fields).toEqual(["name", "metadata"]);
    expect(events[2].data.object).toEqual(updated.body);
  });
});

describe("the events feed and the key's scopes", () => {
  /** An account with a customer, an invoice and an endpoint the system disabled: one event of each kind of object. */
  async function accountWithEveryKind() {
    const { api, accountId } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    const ctx = webhookServices({ webhookRetrySchedule: "12h" });
    await seedEndpoint(accountId, {
      url: "https://internal-erp.example.com/hooks?token=abc",
      metadata: { owner: "finance" },
      enabledEvents: ["invoice.paid"],
      // Failing for six days, the last time an hour ago: the next failure disables it.
      failingSince: new Date(Date.now() - 6 * 86_400_000).toISOString(),
      lastFailedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await seedEvent(accountId, ctx.clock.iso);
    await dispatchEvents(ctx.services, accountId);
    const id = (ctx.sent[0]!.body as { delivery_id: string }).delivery_id;
    await deliverWebhook(ctx.services, accountId, id, { fetch: fakeReceiver(() => new Response("", { status: 503 })).fetch });
    const all = (await api.get("/v1/events?limit=100")).body.data as { id: string; type: string }[];
    const idOf = (type: string) => all.find((e) => e.type === type)!.id;
    expect(all.map((e) => e.type).sort()).toEqual(["customer.created", "invoice.created", "invoice.paid", "webhook_endpoint.disabled"]);
    return { accountId, idOf };
  }

  it("shows an invoices:read key invoice events only: no endpoint's url and metadata, no customer", async () => {
    const { accountId, idOf } = await accountWithEveryKind();
    const reader = await keyWithScopes(accountId, ["invoices:read"]);
    expect((await reader.get("/v1/events?limit=100")).body.data.map((e: { type: string }) => e.type).sort()).toEqual(["invoice.created", "invoice.paid"]);
    expect((await reader.get("/v1/events?type=webhook_endpoint.disabled")).body.data).toHaveLength(0);
    expect((await reader.get("/v1/events?type=customer.created,invoice.created")).body.data.map((e: { type: string }) => e.type)).toEqual(["invoice.created"]);
    // One by id: a hidden event is as missing as an unknown one, and pages from nowhere.
    expect((await reader.get(`/v1/events/${idOf("webhook_endpoint.disabled")}`)).status).toBe(404);
    expect((await reader.get(`/v1/events/${idOf("customer.created")}`)).status).toBe(404);
    expect((await reader.get(`/v1/events/${idOf("invoice.paid")}`)).status).toBe(200);
    expect((await reader.get(`/v1/events?starting_after=${idOf("customer.created")}`)).status).toBe(400);
  });

  it("adds customer events with customers:read and endpoint events with webhooks:write", async () => {
    const { accountId, idOf } = await accountWithEveryKind();
    const types = async (scopes: Parameters<typeof keyWithScopes>[1]) =>
      (await (await keyWithScopes(accountId, scopes)).get("/v1/events?limit=100")).body.data.map((e: { type: string }) => e.type).sort();
    expect(await types(["invoices:read", "customers:read"])).toEqual(["customer.created", "invoice.created", "invoice.paid"]);
    expect(await types(["invoices:read", "customers:write"])).toEqual(["customer.created", "invoice.created", "invoice.paid"]);
    expect(await types(["invoices:read", "webhooks:write"])).toEqual(["invoice.created", "invoice.paid", "webhook_endpoint.disabled"]);
    const hooks = await keyWithScopes(accountId, ["invoices:read", "webhooks:write"]);
    expect((await hooks.get(`/v1/events/${idOf("webhook_endpoint.disabled")}`)).body.data.object).toMatchObject({ metadata: { owner: "finance" } });
    expect((await hooks.get(`/v1/events/${idOf("customer.created")}`)).status).toBe(404);
  });
});

describe("the outbox", () => {
  it("hands a request's events to the queue, whose consumer marks them dispatched", async () => {
    const { api, accountId } = await newAccount();
    await api.post("/v1/customers", seedCustomer);
    await until("the customer.created event to be dispatched", async () => {
      const row = await env.DB.prepare("SELECT dispatched_at FROM events WHERE account_id = ?").bind(accountId).first<{ dispatched_at: string | null }>();
      return row?.dispatched_at;
    });
  });

  it("sweeps up events a dead Worker never handed on, and leaves fresh ones to their own flush", async () => {
    const { api, accountId } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    // As if the Worker died between the commit and its flush, two minutes ago.
    await env.DB.prepare("UPDATE events SET dispatched_at = NULL, created_at = ? WHERE account_id = ?")
      .bind(new Date(Date.now() - 120_000).toISOString(), accountId)
      .run();
    const report = await sweepOutbox(buildServices(env), new Date());
    expect(report.accounts).toBeGreaterThanOrEqual(1);
    await until("the swept event to be dispatched", async () => {
      const row = await env.DB.prepare("SELECT dispatched_at FROM events WHERE object_id = ?").bind(customer.body.id).first<{ dispatched_at: string | null }>();
      return row?.dispatched_at;
    });
  });
});
