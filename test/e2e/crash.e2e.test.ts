import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAccount } from "../../scripts/lib/account";
import { applyMigrations } from "../../scripts/lib/d1";
import { seedInvoiceBody } from "../helpers/seed";
import { type KeyedRequest, get, keyedRequest, post, retry } from "./keyed-requests";
import { type DevServer, freePort, startWranglerDev } from "./wrangler-dev";

/*
 * kill -9 under load: bursts of keyed customer creates, invoice creates, finalizes, payments
 * and sends against the real `wrangler dev`; the whole process group is killed mid-burst and
 * restarted on the same state, and every request is retried with its key. Each retry must give
 * the first result (the same answer when it was seen, a success when it was lost), nothing
 * acknowledged may be missing, invoice numbers stay gapless and no key emails twice.
 */

const CYCLES = 3;
const CHAINS = 12;
// Kill once this many of a burst's 60 answers have arrived. The chains run about in step, so the
// kills land among the finalizes, the payments and the sends, with part of that step in flight
// (some committed, their answers lost) and the rest of the burst sent to a dead server.
const KILL_AFTER = [30, 42, 50];
const VARS = { IDEMPOTENCY_LOCK_SECONDS: "2", DELIVERY_LEASE_SECONDS: "2" };

const persistTo = mkdtempSync(path.join(tmpdir(), "invoicing-crash-"));
const accountName = `Crash Test ${Date.now().toString(36)}`;
let port: number;
let apiKey: string;
let server: DevServer;

beforeAll(async () => {
  // The scripts act on WRANGLER_PERSIST_TO: point them at this test's own state for setup.
  const shared = process.env.WRANGLER_PERSIST_TO;
  process.env.WRANGLER_PERSIST_TO = persistTo;
  try {
    applyMigrations("--local");
    apiKey = (await createAccount({ name: accountName, email: "billing@crash.test", target: "--local" })).api_key;
  } finally {
    process.env.WRANGLER_PERSIST_TO = shared;
  }
  port = await freePort();
  server = await startWranglerDev({ name: "crash wrangler dev", persistTo, port, vars: VARS });
});

afterAll(async () => {
  await server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
});

/** One chain of dependent requests: customer → invoice → finalize → payment → send. */
type Chain = KeyedRequest[];

async function runChain(cycle: number, i: number, chain: Chain, onAnswer: () => void) {
  const prefix = `crash-${cycle}-${i}`;
  const steps: Array<() => KeyedRequest> = [
    () => keyedRequest(`${prefix}-customer`, "/v1/customers", { name: `Customer ${prefix}`, email: `${prefix}@customers.test` }, 201),
    () => keyedRequest(`${prefix}-create`, "/v1/invoices", seedInvoiceBody(chain[0]!.result!.body.id), 201),
    () => keyedRequest(`${prefix}-finalize`, `/v1/invoices/${chain[1]!.result!.body.id}/finalize`, {}, 200),
    () => keyedRequest(`${prefix}-pay`, `/v1/invoices/${chain[1]!.result!.body.id}/payments`, { amount: 1000 }, 201),
    () => keyedRequest(`${prefix}-send`, `/v1/invoices/${chain[1]!.result!.body.id}/send`, {}, 200),
  ];
  for (const step of steps) {
    const req = step();
    chain.push(req);
    req.first = await post(server.baseUrl, apiKey, req);
    onAnswer();
    // A lost answer ends the chain: the next step needs what it would have said.
    if (!req.first) return;
    expect(req.first.status, `${req.key}: ${JSON.stringify(req.first.body)}`).toBe(req.expected);
    req.result = req.first;
  }
}

async function crashCycle(cycle: number): Promise<Chain[]> {
  const chains: Chain[] = Array.from({ length: CHAINS }, () => []);
  let answers = 0;
  let killed = false;
  const kill = () => {
    if (++answers < KILL_AFTER[cycle - 1]! || killed) return;
    killed = true;
    process.kill(-server.pid, "SIGKILL");
  };
  await Promise.all(chains.map((chain, i) => runChain(cycle, i, chain, kill)));
  expect(killed, "the kill came mid-burst").toBe(true);

  server = await startWranglerDev({ name: "crash wrangler dev", persistTo, port, vars: VARS });
  await Promise.all(
    chains.map(async (chain) => {
      for (const req of chain) {
        const again = await retry(server.baseUrl, apiKey, req);
        if (req.first) {
          expect(again.status, `${req.key} replays its answer`).toBe(req.first.status);
          expect(again.body, `${req.key} replays its answer`).toEqual(req.first.body);
        } else {
          expect(again.status, `${req.key} (answer lost) succeeds as if first: ${JSON.stringify(again.body)}`).toBe(req.expected);
          req.result = again;
        }
      }
    }),
  );
  return chains;
}

function emlFiles(dir: string, out: string[] = []): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) emlFiles(full, out);
    else if (entry.endsWith(".eml")) out.push(full);
  }
  return out;
}

it("every keyed request survives kill -9 of wrangler dev: first results, nothing lost, gapless numbers, one email per key", async () => {
  const all: KeyedRequest[] = [];
  for (let cycle = 1; cycle <= CYCLES; cycle++) all.push(...(await crashCycle(cycle)).flat());
  const byKind = (kind: string) => all.filter((r) => r.key.endsWith(`-${kind}`) && r.result);
  expect(all.filter((r) => r.first === null).length, "the kills lost answers").toBeGreaterThan(CYCLES);

  // Nothing acknowledged is lost.
  const invoices = new Map<string, any>((await get(server.baseUrl, apiKey, "/v1/invoices?limit=100")).data.map((inv: any) => [inv.id, inv] as [string, any]));
  // Nothing done twice either: one customer and one invoice per key.
  const customers = (await get(server.baseUrl, apiKey, "/v1/customers?limit=100")).data.map((c: any) => c.id);
  expect(customers.sort()).toEqual(
    byKind("customer")
      .map((r) => r.result!.body.id)
      .sort(),
  );
  expect([...invoices.keys()].sort()).toEqual(
    byKind("create")
      .map((r) => r.result!.body.id)
      .sort(),
  );
  for (const r of byKind("create")) expect(invoices.has(r.result!.body.id), r.key).toBe(true);
  for (const r of byKind("finalize")) expect(invoices.get(r.result!.body.id)?.invoice_number, r.key).toBe(r.result!.body.invoice_number);
  for (const r of byKind("pay")) {
    const payments = await get(server.baseUrl, apiKey, `/v1/invoices/${r.result!.body.invoice_id}/payments`);
    expect(
      payments.data.map((p: any) => p.id),
      `${r.key}: applied once`,
    ).toEqual([r.result!.body.id]);
  }
  for (const r of byKind("send")) expect(invoices.get(r.result!.body.id)?.sent_count, `${r.key}: sent once`).toBe(1);
  expect(byKind("send").length).toBeGreaterThan(0);

  // Gapless: the numbers are exactly 1..N.
  const numbers = [...invoices.values()].filter((inv) => inv.invoice_number).map((inv) => Number(/(\d+)$/.exec(inv.invoice_number)![1]));
  expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  expect(numbers.length).toBe(byKind("finalize").length);

  // At most one email per key: each send's delivery ref (it names the invoice) captured once.
  const refs = new Map<string, number>();
  for (const file of [...emlFiles(persistTo), ...emlFiles(path.resolve(".wrangler/tmp"))]) {
    const parsed = await PostalMime.parse(readFileSync(file));
    const ref = parsed.headers.find((h) => h.key === "x-invoice-delivery-ref")?.value ?? "";
    if ([...invoices.keys()].some((id) => ref.includes(id))) refs.set(ref, (refs.get(ref) ?? 0) + 1);
  }
  expect(
    [...refs.values()].filter((n) => n > 1),
    "no delivery emailed twice",
  ).toEqual([]);
  // At most once, not exactly once: in one run of seven a send answered just before the kill
  // had no .eml, so the local capture evidently finishes writing after send_email returns.
  // Our own record of every send is checked above (sent_count 1, its first answer replayed).
  expect(refs.size).toBeGreaterThan(0);
  expect(refs.size).toBeLessThanOrEqual(byKind("send").length);
}, 170_000);
