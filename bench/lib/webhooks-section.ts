/*
 * Outbound webhooks end to end on loopback: the API under wrangler dev (local D1 and Queues,
 * its own consumer), one endpoint subscribed to every event, a Node receiver on 127.0.0.1 that
 * answers 200 at once; a few creates one at a time (the pipeline idle), then a burst of invoice
 * creates with bounded concurrency. Measured: the rate events arrive at from the first write to
 * the last arrival, and per event the time from its commit (the 201 reaching the client) to its
 * first arrival at the receiver. Bounded: at most WRITE_BUDGET_MS of burst writes, and
 * everything over within TOTAL_BUDGET_MS.
 */
import { createServer, type Server } from "node:http";
import { performance } from "node:perf_hooks";
import { Webhook } from "standardwebhooks";
import type { BenchServer } from "./dev-server";
import { executeFile, applyMigrations, type LocalD1 } from "./local-d1";
import { ms, type Table } from "./report";
import { accountSql, benchAccount, customerId, CUSTOMERS_PER_ACCOUNT } from "./seed-sql";
import { mkdirSync } from "node:fs";

export const HOOKS = { events: 300, concurrency: 8, warmup: 8, probes: 5 } as const;
const PROBE_WAIT_MS = 5_000;
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

type Run = { name: string; committed: Map<string, number>; start: number; failed: number };

export async function webhooksSection(server: BenchServer, log: (msg: string) => void): Promise<{ table: Table; notes: string[] }> {
  if (!server.baseUrl.startsWith("http://127.0.0.1:")) throw new Error(`bench traffic stays on loopback, not ${server.baseUrl}`);
  const api = async (method: string, route: string, body?: string) => {
    const res = await fetch(server.baseUrl + route, { method, headers: { Authorization: `Bearer ${hooks.token}`, "Content-Type": "application/json" }, body });
    return { status: res.status, body: (await res.json()) as { id: string; secret?: string } };
  };
  const rx = receiver();
  const port = await rx.listen();
  const notes: string[] = [];
  const sectionStart = performance.now();
  const overBudget = () => performance.now() - sectionStart > TOTAL_BUDGET_MS;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  // Each create's invoice.created, by the invoice it carries: the first arrival of each webhook-id.
  const firstArrival = new Map<string, number>();
  const arrivalsOf = new Map<string, Arrival[]>();
  let seen = 0;
  const collect = () => {
    for (; seen < rx.arrivals.length; seen++) {
      const a = rx.arrivals[seen]!;
      const event = JSON.parse(a.body) as { type: string; data: { object: { id: string } } };
      if (event.type !== "invoice.created") continue;
      const invoice = event.data.object.id;
      if (!firstArrival.has(invoice)) firstArrival.set(invoice, a.at);
      arrivalsOf.set(invoice, [...(arrivalsOf.get(invoice) ?? []), a]);
    }
  };
  const create = async (run: Run, n: number) => {
    const res = await api("POST", "/v1/invoices", invoiceBody(n));
    if (res.status === 201) run.committed.set(res.body.id, performance.now());
    else run.failed++;
    return res.body.id;
  };
  const newRun = (name: string): Run => ({ name, committed: new Map(), start: performance.now(), failed: 0 });

  try {
    // Warm the Worker before the endpoint exists: events older than an endpoint are never sent to it.
    for (let i = 0; i < HOOKS.warmup; i++) await api("POST", "/v1/invoices", invoiceBody(i));
    const endpoint = await api("POST", "/v1/webhook_endpoints", JSON.stringify({ url: `http://127.0.0.1:${port}/hooks`, enabled_events: ["*"] }));
    if (endpoint.status !== 201 || !endpoint.body.secret)
      throw new Error(`creating the endpoint answered ${endpoint.status}: ${JSON.stringify(endpoint.body)}`);

    // The pipeline idle: one create at a time, each waited for (at most PROBE_WAIT_MS) before the next.
    const probe = newRun(`${HOOKS.probes} creates, one at a time`);
    for (let i = 0; i < HOOKS.probes && !overBudget(); i++) {
      const id = await create(probe, i);
      const deadline = performance.now() + PROBE_WAIT_MS;
      for (collect(); !firstArrival.has(id) && performance.now() < deadline; collect()) await sleep(5);
    }

    // The burst: HOOKS.events creates, HOOKS.concurrency at a time.
    const burst = newRun(`${HOOKS.events} creates, ${HOOKS.concurrency} at a time`);
    let issued = 0;
    const worker = async () => {
      while (issued < HOOKS.events && performance.now() - burst.start < WRITE_BUDGET_MS) await create(burst, issued++);
    };
    await Promise.all(Array.from({ length: HOOKS.concurrency }, worker));
    log(`webhooks: ${burst.committed.size} invoices created in ${((performance.now() - burst.start) / 1000).toFixed(1)} s; waiting for their events`);
    for (collect(); [...burst.committed.keys()].some((id) => !firstArrival.has(id)) && !overBudget(); collect()) await sleep(50);

    // After the clock stopped: every delivery's signature, checked as a merchant would.
    const verifier = new Webhook(endpoint.body.secret);
    const verifies = (a: Arrival) => {
      try {
        verifier.verify(a.body, a.headers);
        return true;
      } catch {
        return false;
      }
    };

    const rows = [probe, burst].map((run) => {
      const ids = [...run.committed.keys()];
      const arrived = ids.filter((id) => firstArrival.has(id));
      const latencies = arrived.map((id) => firstArrival.get(id)! - run.committed.get(id)!).sort((x, y) => x - y);
      const all = ids.flatMap((id) => arrivalsOf.get(id) ?? []);
      const verified = all.filter(verifies).length;
      const lastCommit = Math.max(...run.committed.values());
      const lastArrival = Math.max(...arrived.map((id) => firstArrival.get(id)!));
      const whileWriting = arrived.filter((id) => firstArrival.get(id)! <= lastCommit).length;
      const isBurst = run === burst;
      if (run.failed) notes.push(`webhooks, ${run.name}: ${run.failed} creates did not answer 201.`);
      if (arrived.length < ids.length)
        notes.push(`webhooks, ${run.name}: ${ids.length - arrived.length} of ${ids.length} events never arrived within the bench's bound.`);
      if (verified < all.length)
        notes.push(`webhooks, ${run.name}: ${all.length - verified} of ${all.length} deliveries failed Standard Webhooks verification.`);
      const row = [
        run.name,
        `${arrived.length}/${ids.length}`,
        isBurst ? (ids.length / ((lastCommit - run.start) / 1000)).toFixed(0) : "–",
        isBurst && arrived.length ? (arrived.length / ((lastArrival - run.start) / 1000)).toFixed(0) : "–",
        isBurst ? String(whileWriting) : "–",
        isBurst && lastArrival > lastCommit ? ((arrived.length - whileWriting) / ((lastArrival - lastCommit) / 1000)).toFixed(0) : "–",
        ms(quantile(latencies, 0.5)),
        ms(quantile(latencies, 0.99)),
        isBurst && arrived.length ? ms(lastArrival - lastCommit) : "–",
        String(all.length - arrived.length),
        `${verified}/${all.length}`,
      ];
      log(`webhooks: ${row.join(" | ")}`);
      return row;
    });
    const bytes = rx.arrivals.reduce((s, a) => s + a.body.length, 0) / Math.max(1, rx.arrivals.length);
    return {
      notes,
      table: {
        title: "Outbound webhooks: invoice creates to one endpoint, receiver on loopback",
        header: [
          "run",
          "delivered",
          "writes/s",
          "delivered/s",
          "arrived while writing",
          "delivered/s after the writes",
          "p50 commit→arrival ms",
          "p99 ms",
          "last arrival after last commit ms",
          "repeats",
          "signatures verified",
        ],
        rows,
        note:
          "The API (its prebuilt bundle under `wrangler dev`: local D1 and Queues, the queue consumer in the same workerd; WEBHOOK_ALLOW_INSECURE_URLS=true) with one " +
          'endpoint for one account subscribed to ["*"], and a Node receiver on 127.0.0.1 answering 200 at once. Each POST /v1/invoices (3 lines) writes ' +
          `invoice.created with the invoice as its data.object (${(bytes / 1024).toFixed(1)} KiB a delivery); each arrival is matched to its create by data.object.id. ` +
          `${HOOKS.warmup} creates before the endpoint existed warm the Worker. First row: the pipeline idle, each create waited for before the next. ` +
          "Second row: a burst; delivered/s is the events arrived ÷ the time from the first write to the last arrival, then split into what arrived " +
          "while the creates were still being written and the rate after the last one. Commit → arrival: from the 201 reaching the client (the batch that wrote " +
          "the event had committed) to the event's first arrival; it spans the dispatch message the request queues after its answer, the consumer turning events " +
          "into deliveries, each delivery's own message and its signed POST (a queue batch is handed over as soon as a message waits: wrangler.toml " +
          "max_batch_timeout = 0; at 1 s the idle row measured about 2 s, a second per hop). Signatures are checked with the standardwebhooks package after the clock stops. No target: a loopback figure, one workerd serving the writes " +
          "and consuming the queue on a 2-CPU machine, not a platform's.",
      },
    };
  } finally {
    await rx.close();
  }
}
