/*
 * Outbound webhooks end to end on loopback: the API under wrangler dev (local D1 and Queues,
 * its own consumer), one endpoint subscribed to every event, a Node receiver on 127.0.0.1 that
 * answers 200 at once, and a burst of invoice creates with bounded concurrency. Measured: the
 * rate events arrive at from the first write to the last arrival, and per event the time from
 * its commit (the 201 reaching the client) to its first arrival at the receiver.
 * Bounded: at most WRITE_BUDGET_MS of writes, and everything over within TOTAL_BUDGET_MS.
 */
import { createServer, type Server } from "node:http";
import { performance } from "node:perf_hooks";
import { Webhook } from "standardwebhooks";
import type { BenchServer } from "./dev-server";
import { executeFile, applyMigrations, type LocalD1 } from "./local-d1";
import { ms, type Table } from "./report";
import { accountSql, benchAccount, customerId, CUSTOMERS_PER_ACCOUNT } from "./seed-sql";
import { mkdirSync } from "node:fs";

export const HOOKS = { events: 300, concurrency: 8, warmup: 8 } as const;
const WRITE_BUDGET_MS = 30_000;
const TOTAL_BUDGET_MS = 60_000;

/** The account written to; its own database, so no other section's events are in the outbox. */
export const hooks = benchAccount("hooks");

/** What the API's server needs for this section: local http receivers allowed. */
export const HOOKS_VARS = { WEBHOOK_ALLOW_INSECURE_URLS: "true" };

export async function seedHooks(db: LocalD1) {
  mkdirSync(db.persistTo, { recursive: true });
  applyMigrations(db);
  executeFile(db, await accountSql(hooks), "seed-hooks");
}

type Arrival = { id: string; at: number; headers: Record<string, string>; body: string };

/** A receiver that answers 200 before it looks at anything, and keeps what arrived for later. */
function receiver() {
  const arrivals: Arrival[] = [];
  const server: Server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      arrivals.push({
        id: String(req.headers["webhook-id"] ?? ""),
        at,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString("utf8"),
      });
    });
  });
  return {
    arrivals,
    listen: () => new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const invoiceBody = (n: number) =>
  JSON.stringify({
    customer_id: customerId(hooks, n % CUSTOMERS_PER_ACCOUNT),
    line_items: [
      { description: "Design sprint", quantity: 2, unit_price: 150_00, tax_rate: 0.08 },
      { description: "Implementation, senior engineer", quantity: 12.5, unit_price: 120_00, tax_rate: 0.08 },
      { description: "Hosting (November)", quantity: 1, unit_price: 49_00 },
    ],
  });

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

export async function webhooksSection(server: BenchServer, log: (msg: string) => void): Promise<{ table: Table; notes: string[] }> {
  if (!server.baseUrl.startsWith("http://127.0.0.1:")) throw new Error(`bench traffic stays on loopback, not ${server.baseUrl}`);
  const api = async (method: string, route: string, body?: string) => {
    const res = await fetch(server.baseUrl + route, { method, headers: { Authorization: `Bearer ${hooks.token}`, "Content-Type": "application/json" }, body });
    return { status: res.status, body: (await res.json()) as { id: string; secret?: string } };
  };
  const rx = receiver();
  const port = await rx.listen();
  const notes: string[] = [];
  try {
    // Warm the Worker before the endpoint exists: events older than an endpoint are never sent to it.
    for (let i = 0; i < HOOKS.warmup; i++) await api("POST", "/v1/invoices", invoiceBody(i));
    const endpoint = await api("POST", "/v1/webhook_endpoints", JSON.stringify({ url: `http://127.0.0.1:${port}/hooks`, enabled_events: ["*"] }));
    if (endpoint.status !== 201 || !endpoint.body.secret)
      throw new Error(`creating the endpoint answered ${endpoint.status}: ${JSON.stringify(endpoint.body)}`);

    // The writes: HOOKS.events creates, HOOKS.concurrency at a time, each commit time kept by invoice id.
    const committed = new Map<string, number>();
    const start = performance.now();
    let issued = 0;
    let failed = 0;
    const worker = async () => {
      while (issued < HOOKS.events && performance.now() - start < WRITE_BUDGET_MS) {
        const res = await api("POST", "/v1/invoices", invoiceBody(issued++));
        if (res.status === 201) committed.set(res.body.id, performance.now());
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: HOOKS.concurrency }, worker));
    const lastCommit = Math.max(...committed.values());
    log(`webhooks: ${committed.size} invoices created in ${((lastCommit - start) / 1000).toFixed(1)} s; waiting for their events`);

    // Each create's invoice.created, by the invoice it carries: the first arrival of each webhook-id.
    const firstArrival = new Map<string, { at: number; eventId: string }>();
    let seen = 0;
    const collect = () => {
      for (; seen < rx.arrivals.length; seen++) {
        const a = rx.arrivals[seen]!;
        const event = JSON.parse(a.body) as { id: string; type: string; data: { object: { id: string } } };
        if (event.type !== "invoice.created" || !committed.has(event.data.object.id)) continue;
        if (!firstArrival.has(event.data.object.id)) firstArrival.set(event.data.object.id, { at: a.at, eventId: a.id });
      }
      return firstArrival.size >= committed.size;
    };
    while (!collect() && performance.now() - start < TOTAL_BUDGET_MS) await new Promise((r) => setTimeout(r, 50));

    const latencies = [...firstArrival].map(([invoice, a]) => a.at - committed.get(invoice)!).sort((x, y) => x - y);
    const lastArrival = Math.max(...[...firstArrival.values()].map((a) => a.at));
    const ids = rx.arrivals.map((a) => a.id);
    const repeats = ids.length - new Set(ids).size;
    // After the clock stopped: every delivery's signature, checked as a merchant would.
    const verifier = new Webhook(endpoint.body.secret);
    const unverified = rx.arrivals.filter((a) => {
      try {
        verifier.verify(a.body, a.headers);
        return false;
      } catch {
        return true;
      }
    }).length;
    const bytes = rx.arrivals.reduce((s, a) => s + a.body.length, 0) / Math.max(1, rx.arrivals.length);

    if (failed) notes.push(`webhooks: ${failed} of ${issued} creates did not answer 201.`);
    if (firstArrival.size < committed.size)
      notes.push(
        `webhooks: ${committed.size - firstArrival.size} of ${committed.size} events had not arrived ${TOTAL_BUDGET_MS / 1000} s after the first write.`,
      );
    if (unverified) notes.push(`webhooks: ${unverified} of ${rx.arrivals.length} deliveries failed Standard Webhooks verification.`);

    const writeSeconds = (lastCommit - start) / 1000;
    const deliverSeconds = (lastArrival - start) / 1000;
    const row = [
      `${committed.size} invoice creates`,
      `${firstArrival.size}/${committed.size}`,
      (committed.size / writeSeconds).toFixed(0),
      firstArrival.size ? (firstArrival.size / deliverSeconds).toFixed(0) : "–",
      ms(quantile(latencies, 0.5)),
      ms(quantile(latencies, 0.99)),
      firstArrival.size ? ms(lastArrival - lastCommit) : "–",
      String(repeats),
      `${rx.arrivals.length - unverified}/${rx.arrivals.length}`,
    ];
    log(
      `webhooks: ${row[1]} delivered, ${row[2]} writes/s, ${row[3]} delivered/s, commit→arrival p50 ${row[4]} ms p99 ${row[5]} ms, drain ${row[6]} ms, ${repeats} repeats, ${Math.round(bytes)} B a body`,
    );
    return {
      notes,
      table: {
        title: `Outbound webhooks: ${HOOKS.events} invoice creates to one endpoint (${HOOKS.concurrency} at a time, receiver on loopback)`,
        header: [
          "events",
          "delivered",
          "writes/s",
          "delivered/s",
          "p50 commit→arrival ms",
          "p99 ms",
          "last arrival after last commit ms",
          "repeats",
          "signatures verified",
        ],
        rows: [row],
        note:
          "The API (its prebuilt bundle under `wrangler dev`, local D1 and Queues, the consumer in the same workerd, WEBHOOK_ALLOW_INSECURE_URLS=true) with one " +
          'endpoint for one account subscribed to ["*"], and a Node receiver on 127.0.0.1 answering 200 at once. ' +
          `${HOOKS.events} POST /v1/invoices (3 lines, ${HOOKS.concurrency} in flight; ${HOOKS.warmup} more before the endpoint existed, to warm the Worker), ` +
          "each writing invoice.created with the invoice as its data.object; each arrival is matched to its create by data.object.id. " +
          "delivered/s: events arrived ÷ the time from the first write to the last arrival (bounded by the write rate when delivery keeps up). " +
          "Commit → arrival: from the 201 reaching the client (the batch that wrote the event had committed) to the delivery's first arrival; it spans " +
          "the dispatch message, the consumer turning events into deliveries, the attempt's message and its signed POST; locally the queue hands a consumer " +
          "a batch at 10 messages or after max_batch_timeout (1 s, wrangler.toml). Signatures are checked with the standardwebhooks package after the clock stops. " +
          "No target: a loopback figure for the pipeline's shape, not a platform's.",
      },
    };
  } finally {
    await rx.close();
  }
}
