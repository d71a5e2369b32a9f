/*
 * A bounded fuzz of every route in /openapi.json: requests generated from the document's own
 * schemas (valid-ish and hostile params, queries and bodies), sent with full-scope keys of a
 * test account against its live objects and another account's. Whatever is sent, the API
 * must answer without a 5xx, every 4xx in the one envelope with a request id and in the
 * API's words, and nothing internal in any body.
 */
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/db/api-key-queries";
import { createDb } from "../../src/db/client";
import { createCustomer, newAccount, seedInvoiceBody } from "../helpers/api";
import { type Doc, type Endpoint, endpoints, type FuzzRequest, requestArb, toFetch } from "./fuzz-requests";
import type { PoolName, PoolRef } from "./schema-values";

const REQUESTS = 6_000;
// Each route's requests are drawn apart, its share of REQUESTS by weight but never fewer than this.
const MIN_HITS = 30;
// Fixed, so a failure reproduces; change it to explore further.
const SEED = 20_261_201;
const CONCURRENCY = 8;
// The limiter allows 600 requests a minute per key: enough keys that the fuzz is not throttled.
const KEYS = 12;

// Routes that render a PDF (or an e-invoice) or send mail cost ten times a plain request: drawn a third as often
// (still dozens of times each), so the suite stays within its time budget on a busy machine.
const HEAVY = /\/pdf$|^GET \/documents\/|\/send$|\/remind$|\/e-invoice$/;

// Anything a body must never show: stack frames, engine errors, storage internals, source paths.
const INTERNALS = /SQLITE|D1_|TypeError|ReferenceError|RangeError|\bat \S+ \(|\.[jt]s:\d+|node_modules|\/src\/|drizzle/;
// The validator's words, which the API translates.
const JARGON = /\bexpected\b|\breceived\b|nonoptional|Invalid input/i;

// Documented as HTML (or a PDF) rather than the JSON envelope.
const NOT_JSON = (path: string) => path.startsWith("/pay/") || path.startsWith("/documents/");

/*
 * Requests kept out of the generator because they expose a known defect outside this suite's
 * reach; each names the bug, to be re-enabled when it is fixed. (None at present.)
 */
const KNOWN_BUGS: { method: string; path: string; when: (req: FuzzRequest) => boolean; bug: string }[] = [];

type Pools = Record<PoolName, string[]>;
let doc: Doc;
let pools: Pools;
let authorizations: string[];

async function seedObjects() {
  const main = await newAccount({ email: "billing@merchant.test" });
  const other = await newAccount();
  const db = createDb(env.DB);
  const keys = await Promise.all(Array.from({ length: KEYS }, () => createApiKey(db, main.accountId, { name: "fuzz", scopes: ["*"] })));
  const sacrificial = await Promise.all([
    createApiKey(db, main.accountId, { name: "spare", scopes: ["invoices:read"] }),
    createApiKey(db, other.accountId, { name: "theirs", scopes: ["*"] }),
  ]);
  const customers = await Promise.all([
    createCustomer(main.api),
    createCustomer(main.api, { name: "No Email", email: null }),
    createCustomer(main.api, { name: "Ünïcødé GmbH" }),
  ]);
  const invoice = async (api: typeof main.api, customer: string, then: string[] = []) => {
    const res = await api.post("/v1/invoices", seedInvoiceBody(customer));
    for (const step of then) await api.post(`/v1/invoices/${res.body.id}/${step}`, step === "payments" ? { amount: 697500 } : {});
    return (await api.get(`/v1/invoices/${res.body.id}`)).body;
  };
  const invoices = [
    ...(await Promise.all([0, 1, 2, 0].map((i) => invoice(main.api, customers[i]!)))),
    await invoice(main.api, customers[0]!, ["finalize"]),
    await invoice(main.api, customers[2]!, ["finalize"]),
    await invoice(main.api, customers[0]!, ["send"]),
    await invoice(main.api, customers[0]!, ["finalize", "payments"]),
    await invoice(main.api, customers[1]!, ["finalize", "void"]),
  ];
  const otherCustomer = await createCustomer(other.api);
  const theirs = [await invoice(other.api, otherCustomer), await invoice(other.api, otherCustomer, ["finalize"])];
  // Notes on the finalized, unpaid invoice: one issued, one void.
  const notes = [];
  for (const amount of [1000, 2000])
    notes.push((await main.api.post("/v1/credit_notes", { invoice_id: invoices[4]!.id, amount, reason: "other" })).body.id as string);
  await main.api.post(`/v1/credit_notes/${notes[1]}/void`);
  // Schedules whose first period lies years ahead (no runner issues anything while the fuzz runs): one active, one paused, one canceled.
  const schedules: string[] = [];
  for (const then of ["", "pause", "cancel"]) {
    const res = await main.api.post("/v1/invoice_schedules", {
      customer_id: customers[0],
      interval: "month",
      start_date: "2031-01-31",
      line_items: [{ description: "Retainer {month}", quantity: 1, unit_price: 250000 }],
    });
    if (then) await main.api.post(`/v1/invoice_schedules/${res.body.id}/${then}`);
    schedules.push(res.body.id as string);
  }
  const tokens = invoices
    .flatMap((i) => [i.public_url, i.pdf_url])
    .filter(Boolean)
    .map((u: string) => u.split("/").pop()!);
  pools = {
    invoice: invoices.map((i) => i.id),
    customer: customers,
    foreignInvoice: theirs.map((i) => i.id),
    foreignCustomer: [otherCustomer],
    apiKey: sacrificial.map((k) => k.id),
    token: [...tokens, "x".repeat(24), `${"A".repeat(32)}.pdf`],
    creditNote: notes,
    schedule: schedules,
    lineItem: invoices.flatMap((i) => i.line_items.map((l: { id: string }) => l.id)),
  };
  authorizations = keys.map((k) => `Bearer ${k.secret}`);
}

const pick = (ref: PoolRef) => {
  const pool = pools[ref.pool];
  return pool[ref.n % pool.length]!;
};

/** New objects the fuzz itself creates join the pools, so later requests act on them too. */
function remember(body: unknown) {
  const b = body as { object?: string; id?: string } | null;
  if (!b?.id) return;
  const byObject: Record<string, string[]> = {
    invoice: pools.invoice,
    customer: pools.customer,
    api_key: pools.apiKey,
    credit_note: pools.creditNote,
    invoice_schedule: pools.schedule,
  };
  const pool = b.object ? byObject[b.object] : undefined;
  if (pool && pool.length < 60 && !pool.includes(b.id)) pool.push(b.id);
}

/** What is wrong with a response, or null. */
function problem(endpoint: Endpoint, status: number, type: string, text: string): string | null {
  if (status >= 500) return `${status}`;
  if (!type.includes("pdf") && INTERNALS.test(text)) return `internals in body: ${text.match(INTERNALS)![0]}`;
  if (status < 400 || NOT_JSON(endpoint.path)) return null;
  let error: Record<string, unknown> | undefined;
  try {
    error = JSON.parse(text).error;
  } catch {
    return `${status} is not JSON`;
  }
  if (!error || typeof error.type !== "string" || typeof error.code !== "string" || typeof error.message !== "string") return `${status} is not the envelope`;
  if (typeof error.request_id !== "string" || !/^req_/.test(error.request_id)) return `${status} without a request_id`;
  if (JARGON.test(error.message)) return `validator jargon: ${error.message}`;
  return null;
}

beforeAll(async () => {
  doc = (await (await exports.default.fetch("https://api.test/openapi.json")).json()) as Doc;
  await seedObjects();
}, 30_000);

describe("fuzzing every route in /openapi.json", () => {
  // About 30 s measured on 2 shared cores at load ~5; the timeout leaves room for a busier machine.
  it(`${REQUESTS} generated requests: no 5xx, every 4xx the envelope, nothing internal`, { timeout: 240_000 }, async () => {
    const all = endpoints(doc);
    // Every route gets its share by construction rather than by the luck of one draw over all of
    // them (a route added elsewhere would otherwise push another below MIN_HITS); then they are
    // interleaved, so each route's requests meet the others' writes.
    const weight = (e: Endpoint) => (HEAVY.test(`${e.method} ${e.path}`) ? 1 : 3);
    const totalWeight = all.reduce((sum, e) => sum + weight(e), 0);
    const drawn = all.flatMap((e, i) =>
      fc.sample(requestArb(e, doc), { numRuns: Math.max(MIN_HITS, Math.round((REQUESTS * weight(e)) / totalWeight)), seed: SEED + i }),
    );
    const order = fc.sample(fc.shuffledSubarray([...drawn.keys()], { minLength: drawn.length }), { numRuns: 1, seed: SEED })[0]!;
    const requests = order
      .map((i) => drawn[i]!)
      .filter((r) => !KNOWN_BUGS.some((b) => b.method === r.endpoint.method && b.path === r.endpoint.path && b.when(r)));
    const problems = new Map<string, string[]>();
    const hits = new Map<string, number>();
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async (w: number) => {
      while (next < requests.length) {
        const i = next++;
        const req = requests[i]!;
        const auth = i % 97 === 0 ? "Bearer sk_not_a_key" : authorizations[(i + w) % authorizations.length]!;
        const { url, init } = toFetch(req, pick, auth);
        const res = await exports.default.fetch(url, init);
        const type = res.headers.get("content-type") ?? "";
        // PDFs are bytes, not text; their size is all the report needs.
        const text = type.includes("pdf") ? `[${(await res.arrayBuffer()).byteLength} bytes]` : await res.text();
        const route = `${req.endpoint.method} ${req.endpoint.path}`;
        hits.set(route, (hits.get(route) ?? 0) + 1);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status < 300 && type.includes("json")) remember(JSON.parse(text));
        const found = problem(req.endpoint, res.status, type, text);
        if (found) {
          const key = `${route} → ${found}`;
          const examples = problems.get(key) ?? [];
          if (examples.length < 2) examples.push(`${init.method} ${url.slice(0, 300)} ${String(init.body ?? "").slice(0, 400)} ⇒ ${text.slice(0, 300)}`);
          problems.set(key, examples);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));

    const report = [...problems].map(([key, examples]) => `${key}\n    ${examples.join("\n    ")}`).join("\n");
    expect(report, "problems found by the fuzz").toBe("");
    expect(requests.length).toBeGreaterThanOrEqual(REQUESTS - 50);
    // Every documented route was exercised, and most requests got past authentication.
    for (const e of all) expect(hits.get(`${e.method} ${e.path}`) ?? 0, `${e.method} ${e.path}`).toBeGreaterThanOrEqual(MIN_HITS);
    expect(statuses.get(401) ?? 0).toBeLessThan(REQUESTS / 5);
    expect(statuses.get(429) ?? 0).toBe(0);
  });
});
