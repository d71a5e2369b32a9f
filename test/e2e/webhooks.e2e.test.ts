import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAccount } from "../../scripts/lib/account";
import { applyMigrations } from "../../scripts/lib/d1";
import { seedCustomer, seedInvoiceBody } from "../helpers/seed";
import { webhookReceiver } from "./webhook-receiver";
import { type DevServer, freePort, startWranglerDev } from "./wrangler-dev";

/*
 * Outbound webhooks against the real `wrangler dev` (local D1, Queues, the consumer in the
 * Worker) and a receiver on loopback: the seed invoice's events arrive signed, retried with the
 * same webhook-id, and survive a SIGKILL of the whole server while the receiver is down.
 */

const VARS = {
  WEBHOOK_ALLOW_INSECURE_URLS: "true",
  WEBHOOK_RETRY_SCHEDULE: "1s,1s,2s,2s,3s,5s,5s",
  OUTBOX_GRACE_SECONDS: "2",
};
const SEED_FLOW = ["customer.created", "invoice.created", "invoice.finalized", "invoice.sent", "invoice.payment_succeeded", "invoice.paid"];

const persistTo = mkdtempSync(path.join(tmpdir(), "invoicing-webhooks-"));
const receiver = webhookReceiver({ failFirst: 2 });
let port: number;
let receiverPort: number;
let apiKey: string;
let server: DevServer;

const start = () => startWranglerDev({ name: "webhooks wrangler dev", persistTo, port, vars: VARS });

beforeAll(async () => {
  const shared = process.env.WRANGLER_PERSIST_TO;
  process.env.WRANGLER_PERSIST_TO = persistTo;
  try {
    applyMigrations("--local");
    apiKey = (await createAccount({ name: "Webhooks", email: "billing@webhooks.test", target: "--local" })).api_key;
  } finally {
    process.env.WRANGLER_PERSIST_TO = shared;
  }
  port = await freePort();
  receiverPort = await receiver.listen();
  server = await start();
  const endpoint = await api("POST", "/v1/webhook_endpoints", { url: `http://127.0.0.1:${receiverPort}/hooks`, enabled_events: ["*"] });
  expect(endpoint.status).toBe(201);
  receiver.setSecret(endpoint.body.secret);
});

afterAll(async () => {
  await server?.stop();
  await receiver.close();
  rmSync(persistTo, { recursive: true, force: true });
});

async function api(method: string, route: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${route}`, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The seed invoice from a new customer through finalize, send and full payment; its customer's and its own event ids. */
async function seedInvoiceFlow(email: string) {
  const customer = await api("POST", "/v1/customers", { ...seedCustomer, email });
  const invoice = await api("POST", "/v1/invoices", seedInvoiceBody(customer.body.id));
  expect((await api("POST", `/v1/invoices/${invoice.body.id}/finalize`)).status).toBe(200);
  expect((await api("POST", `/v1/invoices/${invoice.body.id}/send`, {})).status).toBe(200);
  expect((await api("POST", `/v1/invoices/${invoice.body.id}/payments`, { amount: invoice.body.total_amount })).status).toBe(201);
  const events = [
    ...(await api("GET", `/v1/events?object_id=${customer.body.id}`)).body.data,
    ...(await api("GET", `/v1/events?object_id=${invoice.body.id}`)).body.data,
  ];
  return { invoiceId: invoice.body.id as string, events: events as { id: string; type: string }[] };
}

async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number, tick?: () => Promise<unknown>) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs().slice(-3000)}`);
    await tick?.();
    await new Promise((r) => setTimeout(r, 500));
  }
}

it("delivers each of the seed invoice's events, retried with one webhook-id, each signature verified by standardwebhooks", async () => {
  const { events } = await seedInvoiceFlow("retries@customers.test");
  const types = events.map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(SEED_FLOW));
  // The seed invoice was due in 2024: its alarm may already have marked it overdue, also an event.
  expect(types.filter((t) => !SEED_FLOW.includes(t))).toEqual(types.includes("invoice.overdue") ? ["invoice.overdue"] : []);
  await waitFor("every event to be accepted", () => events.every((e) => receiver.accepted.has(e.id)), 45_000);

  for (const event of events) {
    const tries = receiver.attempts.filter((a) => a.id === event.id);
    // Refused twice, accepted the third time: every attempt carried the event's own id and a valid signature.
    expect(tries.length, event.type).toBeGreaterThanOrEqual(3);
    expect(tries.every((t) => t.verified)).toBe(true);
    expect(receiver.accepted.get(event.id)).toEqual((await api("GET", `/v1/events/${event.id}`)).body);
  }
  // Listed in the feed too.
  const feed = (await api("GET", "/v1/events?limit=100")).body.data.map((e: { id: string }) => e.id);
  for (const event of events) expect(feed).toContain(event.id);
});

it("loses nothing when the server is killed with SIGKILL while the receiver is down", async () => {
  await receiver.close();
  const { events } = await seedInvoiceFlow("crash@customers.test");
  // Committed, and at least tried against the dead receiver, before the kill.
  await new Promise((r) => setTimeout(r, 1500));
  process.kill(-server.pid, "SIGKILL");
  await new Promise((r) => setTimeout(r, 500));

  server = await start();
  await receiver.listen(receiverPort);
  // wrangler dev runs no cron on its own; the deployed Worker's every-minute sweep is asked for here.
  const sweep = () => fetch(`${server.baseUrl}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => null);
  await waitFor("every event to arrive after the restart", () => events.every((e) => receiver.accepted.has(e.id)), 60_000, sweep);

  for (const event of events) expect(receiver.accepted.get(event.id)).toEqual((await api("GET", `/v1/events/${event.id}`)).body);
  // Repeats are allowed (at least once) but the receiver, deduping on webhook-id, took each event once.
  expect([...receiver.accepted.keys()].filter((id) => events.some((e) => e.id === id))).toHaveLength(events.length);
});
