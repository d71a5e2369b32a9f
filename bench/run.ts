/*
 * `npm run bench`: the API against a bare-Worker floor, growth from 1,000 to 100,000
 * invoices, our PDF renderer against @react-pdf/renderer and Chromium, and the bundle.
 * Everything runs locally (wrangler dev on 127.0.0.1, local D1/R2), bounded in time; the
 * figures are printed and written to BENCHMARKS.md. Nothing here is a test: no pass/fail
 * exit code, only the targets table.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startDevServer, WRANGLER, type BenchServer } from "./lib/dev-server";
import { emptyD1, inlineParams, listCases, listPageStatement, scansInvoicesWithoutIndex, sortsInTempBTree, type PlanRow } from "./lib/list-query-plans";
import { load, LOAD, type LoadResult } from "./lib/load";
import { executeFile, type LocalD1 } from "./lib/local-d1";
import { measureChromium, measureOurs, measureReactPdf, PDF_SIZES, type PdfMeasure } from "./lib/pdf-compare";
import { kib, markdownTable, ms, ratio, targetsTable, type Table, type Target } from "./lib/report";
import { prebuild, type Prebuilt } from "./lib/prebuilt";
import { invoicesSql } from "./lib/seed-sql";
import { check, endpoints, LARGE, liftRateLimits, read, seed, SMALL, writes, type Endpoint } from "./lib/workload";

const ROOT = path.resolve(import.meta.dirname, "..");
const COMMAND = "npm run bench";
const PDF_BUDGET_MS = 2_500;
const ROUNDS = 2;

const startedAt = new Date();
const loadAtStart = os.loadavg()[0]!;
const work = mkdtempSync(path.join(os.tmpdir(), "invoicing-bench-"));
const tables: Table[] = [];
const targets: Target[] = [];
const notes: string[] = [];
const servers: BenchServer[] = [];

const log = (msg: string) => console.log(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

// ---------------------------------------------------------------------------------------
// Databases and servers

const apiDb: LocalD1 = { config: path.join(ROOT, "wrangler.toml"), persistTo: path.join(work, "api") };
// The growth run's second database: the same seed, then grown to LARGE invoices.
const largeDb: LocalD1 = { config: apiDb.config, persistTo: path.join(work, "api-large") };
const floorDb: LocalD1 = { config: path.join(ROOT, "bench/floor-worker/wrangler.toml"), persistTo: path.join(work, "floor") };

const builds = new Map<string, Prebuilt>();

async function start(name: string, db: LocalD1) {
  let build = builds.get(db.config);
  if (!build) {
    build = prebuild(db.config, path.join(work, `build-${builds.size}`), liftRateLimits);
    builds.set(db.config, build);
  }
  const server = await startDevServer(name, build.config, db.persistTo);
  servers.push(server);
  return server;
}

async function stop(server: BenchServer) {
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
}

async function measure(server: BenchServer, e: Endpoint, spec = e.spec()): Promise<LoadResult> {
  await check(server, e, spec);
  await load(server.baseUrl, e.token, spec, LOAD.warmupSeconds);
  const r = await load(server.baseUrl, e.token, spec);
  log(
    `${server.name.padEnd(9)} ${e.name.padEnd(31)} p50 ${ms(r.p50)} ms  p99 ${ms(r.p99)} ms  ${r.rps.toFixed(0)} req/s  (${r.requests} requests, ${r.failures} failed)`,
  );
  if (r.failures) notes.push(`${server.name} ${e.name}: ${r.failures} of ${r.requests} requests failed or were not 2xx.`);
  return r;
}

// ---------------------------------------------------------------------------------------
// Sections

/**
 * Runs every endpoint on each server in turn, ROUNDS times over, and keeps each pair's round
 * with the lowest p50: other work on a shared machine only ever adds latency.
 */
async function interleaved(endpointList: Endpoint[], servers: BenchServer[]): Promise<Map<string, LoadResult[]>> {
  const specs = new Map(endpointList.map((e) => [e.name, servers.map(() => e.spec())]));
  const best = new Map<string, LoadResult[]>();
  for (let round = 1; round <= ROUNDS; round++)
    for (const e of endpointList)
      for (const [i, server] of servers.entries()) {
        const r = await measure(server, e, specs.get(e.name)![i]);
        const kept = best.get(e.name) ?? [];
        if (!kept[i] || r.p50 < kept[i]!.p50) kept[i] = r;
        best.set(e.name, kept);
      }
  return best;
}

async function apiVsFloor(api: BenchServer, floor: BenchServer) {
  const rows: string[][] = [];
  const results = new Map<string, { api: LoadResult; floor: LoadResult }>();
  for (const [name, [f, a]] of await interleaved([...endpoints(SMALL), ...writes], [floor, api])) {
    results.set(name, { api: a!, floor: f! });
    rows.push([name, ms(a!.p50), ms(a!.p99), a!.rps.toFixed(0), ms(f!.p50), ms(f!.p99), f!.rps.toFixed(0), ratio(a!.p50 / f!.p50), ratio(a!.p99 / f!.p99)]);
  }
  // Not a target: the same GET against a floor that also calls the rate limiter, as the API does.
  const get = endpoints(SMALL)[0]!;
  const viaLimiter: Endpoint = {
    ...get,
    name: "GET invoice vs floor + rate limiter",
    spec: () => {
      const spec = get.spec();
      return { ...spec, path: () => `/rl${spec.path()}` };
    },
  };
  const [fr] = (await interleaved([viaLimiter], [floor])).get(viaLimiter.name)!;
  const a = results.get(get.name)!.api;
  rows.push([
    viaLimiter.name,
    ms(a.p50),
    ms(a.p99),
    a.rps.toFixed(0),
    ms(fr!.p50),
    ms(fr!.p99),
    fr!.rps.toFixed(0),
    ratio(a.p50 / fr!.p50),
    ratio(a.p99 / fr!.p99),
  ]);
  tables.push({
    title: `API against its floor (${SMALL.toLocaleString("en-US")} invoices in the account; ${LOAD.connections} connections, ${LOAD.seconds} s after ${LOAD.warmupSeconds} s warm-up, best of ${ROUNDS} interleaved rounds)`,
    header: ["endpoint", "API p50 ms", "API p99 ms", "API req/s", "floor p50 ms", "floor p99 ms", "floor req/s", "p50 ratio", "p99 ratio"],
    rows,
    note:
      "Floor: bench/floor-worker, a bare Worker (no router, validation, ORM or MIME library) issuing the same D1 statements, R2 calls and send_email " +
      "as the API, with the same PDF renderer. Both serve their `wrangler deploy --dry-run` bundle under `wrangler dev` (workerd, local D1/R2) on this machine, " +
      "one at a time, with autocannon on the same machine. Not mirrored by the floor: the API's per-key rate limiter (a binding call on every request; its budget " +
      "is lifted for the bench; the last row adds it to the floor, to show its share) and, on send, the reminder schedule (one more D1 read and a Durable Object call that re-arms the invoice's alarm). " +
      "Send takes a new finalized invoice per request, so each one renders and stores a PDF.",
  });
  const getPair = results.get("GET invoice")!;
  const create = results.get("create, 3 lines")!;
  targets.push({
    name: "GET p50 vs floor",
    limit: "≤ 1.5×",
    actual: ratio(getPair.api.p50 / getPair.floor.p50),
    pass: getPair.api.p50 / getPair.floor.p50 <= 1.5,
  });
  targets.push({ name: "create p50 vs floor", limit: "≤ 2×", actual: ratio(create.api.p50 / create.floor.p50), pass: create.api.p50 / create.floor.p50 <= 2 });
  return results;
}

async function queryPlans(db: LocalD1): Promise<Table> {
  const cases = listCases("inv_cursor").filter((c) => !c.usesCursor);
  const sqls: string[] = [];
  for (const c of cases) sqls.push(`EXPLAIN QUERY PLAN ${inlineParams(await listPageStatement(emptyD1(), read.id, c.filter))}`);
  const out = execFileSync(
    WRANGLER,
    ["d1", "execute", "DB", "--local", "-c", db.config, "--persist-to", db.persistTo, "--json", "--command", sqls.join(";\n")],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    },
  );
  const plans = (JSON.parse(out) as Array<{ results: PlanRow[] }>).map((p) => p.results);
  const rows = cases.map((c, i) => {
    const plan = plans[i]!;
    return [c.name, plan.map((r) => r.detail).join("; "), scansInvoicesWithoutIndex(plan) ? "FULL SCAN" : sortsInTempBTree(plan) ? "index + sort" : "index"];
  });
  const fullScans = rows.filter((r) => r[2] === "FULL SCAN").length;
  targets.push({ name: "list plans use an index", limit: "every filter × sort", actual: `${rows.length - fullScans}/${rows.length}`, pass: fullScans === 0 });
  return {
    title: `EXPLAIN QUERY PLAN of every list filter × sort (first page; ${LARGE.toLocaleString("en-US")} invoices; cursor pages are asserted in test/unit/query-plans.test.ts)`,
    header: ["filter, sort", "plan", "verdict"],
    rows,
    note: '"index + sort": the rows come through an index, but the page is sorted in a temporary B-tree, so its cost grows with the rows the filter matches.',
  };
}

async function growth() {
  const hard: Endpoint = {
    name: "list 20, date range, sort total",
    token: read.token,
    status: 200,
    spec: () => ({ method: "GET", path: () => "/v1/invoices?issue_date_gte=2024-03-01&issue_date_lte=2024-06-30&sort=total_amount&limit=20" }),
  };
  log(`growing the second database to ${LARGE.toLocaleString("en-US")} invoices (3 lines each)`);
  const t = Date.now();
  executeFile(largeDb, invoicesSql(read, SMALL + 1, LARGE), "grow");
  log(`loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  // Two Workers, one per size, measured in alternation: only the data differs.
  const small = await start("API 1k", apiDb);
  const large = await start("API 100k", largeDb);
  const list = endpoints(SMALL)[1]!;
  // GET picks among each database's own invoices.
  const cases: Array<[string, Endpoint, Endpoint]> = [
    ["GET invoice", endpoints(SMALL)[0]!, endpoints(LARGE)[0]!],
    [list.name, list, list],
    [hard.name, hard, hard],
  ];
  const rows: string[][] = [];
  const results = new Map<string, [LoadResult, LoadResult]>();
  for (let round = 1; round <= ROUNDS; round++)
    for (const [name, ...pair] of cases) {
      const kept = results.get(name) ?? ([undefined, undefined] as unknown as [LoadResult, LoadResult]);
      for (const [i, server] of [small, large].entries()) {
        const r = await measure(server, pair[i]!);
        if (!kept[i] || r.p50 < kept[i]!.p50) kept[i] = r;
      }
      results.set(name, kept);
    }
  await stop(small);
  await stop(large);
  for (const [name, [s, big]] of results) {
    rows.push([name, ms(s.p50), ms(big.p50), ratio(big.p50 / s.p50), ms(s.p99), ms(big.p99), s.rps.toFixed(0), big.rps.toFixed(0)]);
    if (name !== hard.name)
      targets.push({ name: `${name}: ${LARGE / 1000}k/${SMALL / 1000}k p50`, limit: "≤ 1.3×", actual: ratio(big.p50 / s.p50), pass: big.p50 / s.p50 <= 1.3 });
  }
  tables.push({
    title: `Growth: ${SMALL.toLocaleString("en-US")} → ${LARGE.toLocaleString("en-US")} invoices in the account (API; best of ${ROUNDS} interleaved rounds)`,
    header: ["endpoint", "1k p50 ms", "100k p50 ms", "p50 ratio", "1k p99 ms", "100k p99 ms", "1k req/s", "100k req/s"],
    rows,
    note:
      "Two API Workers on two databases seeded alike, one grown to 100,000 invoices (300,000 lines), measured in alternation with the same load as above. " +
      "GET picks a random invoice among all of its database's. The last row is the worst plan shape (a range on one column, sorted by another: " +
      "index range scan + temporary sort); it is not a target, it shows what grows.",
  });
  tables.push(await queryPlans(largeDb));
}

async function pdf() {
  const measures: PdfMeasure[] = [];
  for (const lines of PDF_SIZES) {
    measures.push(await measureOurs(lines, PDF_BUDGET_MS));
    measures.push(await measureReactPdf(lines, PDF_BUDGET_MS));
    log(`pdf ${lines} lines: ours ${ms(measures.at(-2)!.threadCpuMs)} ms, react-pdf ${ms(measures.at(-1)!.threadCpuMs)} ms main-thread CPU`);
  }
  measures.push(...(await measureChromium(PDF_SIZES, PDF_BUDGET_MS)));
  const of = (engine: string, lines: number) => measures.find((m) => m.engine === engine && m.lines === lines)!;
  const rows = PDF_SIZES.map((lines) => {
    const o = of("ours", lines);
    const r = of("react-pdf", lines);
    const c = of("chromium", lines);
    return [
      String(lines),
      ms(o.threadCpuMs),
      ms(o.cpuMs),
      ms(r.threadCpuMs),
      ms(r.cpuMs),
      ms(c.cpuMs),
      ms(c.wallMs),
      ratio(r.threadCpuMs / o.threadCpuMs),
      ratio(c.cpuMs / o.cpuMs),
      kib(o.bytes),
      kib(r.bytes),
      kib(c.bytes),
    ];
  });
  tables.push({
    title: "PDF: the same invoice rendered by our renderer, @react-pdf/renderer and headless Chromium",
    header: [
      "lines",
      "ours thread CPU ms",
      "ours process CPU ms",
      "react-pdf thread CPU ms",
      "react-pdf process CPU ms",
      "Chromium CPU ms",
      "Chromium wall ms",
      "react-pdf / ours (thread)",
      "Chromium / ours (process)",
      "ours size",
      "react-pdf size",
      "Chromium size",
    ],
    rows,
    note:
      "Ours and react-pdf render in this Node process, warm; CPU is the total over the warm renders divided by their number, wall the median. Thread CPU is the main thread's (process.threadCpuUsage): " +
      "the isolate's own thread, which is what a Worker's CPU limit counts. Process CPU (process.cpuUsage) adds V8's background GC and compiler threads. " +
      "Chromium (/usr/bin/chromium via playwright-core) prints an equivalent HTML page (page.setContent + page.pdf): its CPU is the browser's and all its " +
      "child processes' (utime + stime from /proc, every thread, 10 ms ticks averaged over the warm renders), so it is compared with our process CPU; " +
      "its wall time is the median of the same calls. All three print the same strings (our view model, buildInvoiceView) with the same sections; " +
      "ours and react-pdf use the built-in Helvetica, Chromium embeds its substitute font.",
  });
  const o10 = of("ours", 10);
  targets.push({
    name: "10-line PDF CPU, warm (main thread)",
    limit: "≤ 5 ms",
    actual: `${ms(o10.threadCpuMs)} ms (process ${ms(o10.cpuMs)} ms)`,
    pass: o10.threadCpuMs <= 5,
  });
  const vsReact = of("react-pdf", 10).threadCpuMs / o10.threadCpuMs;
  const vsChromium = of("chromium", 10).cpuMs / o10.cpuMs;
  targets.push({ name: "10-line PDF vs react-pdf (thread CPU)", limit: "≥ 3× faster", actual: ratio(vsReact), pass: vsReact >= 3 });
  targets.push({ name: "10-line PDF vs Chromium (all-thread CPU)", limit: "≥ 10× faster", actual: ratio(vsChromium), pass: vsChromium >= 10 });
}

function pdfDetail() {
  // The PDF renderer's own benchmark (Latin and Unicode invoices), as its owner wrote it.
  const out = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "bench/pdf.ts")], {
    encoding: "utf8",
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return out.trim();
}

function bundle() {
  // The API's build from the load runs, or a fresh one if they did not get that far.
  const outdir = builds.get(apiDb.config)?.outdir ?? prebuild(apiDb.config, path.join(work, "build-bundle")).outdir;
  const files = readdirSync(outdir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && !f.name.endsWith(".map"))
    .map((f) => path.join(f.parentPath, f.name));
  const raw = files.reduce((s, f) => s + statSync(f).size, 0);
  const gz = files.reduce((s, f) => s + gzipSync(readFileSync(f), { level: 9 }).byteLength, 0);

  const profile = path.join(work, "startup.cpuprofile");
  const startupOut = execFileSync(WRANGLER, ["check", "startup", "--outfile", profile], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  }).replace(/\x1b\[[0-9;]*m/g, "");
  const field = (name: string) => /([\d.]+) ms/.exec(startupOut.split("\n").find((l) => l.includes(`${name}:`)) ?? "")?.[1] ?? "?";
  tables.push({
    title: "Bundle and startup",
    header: ["measure", "value"],
    rows: [
      ["files (wrangler deploy --dry-run)", files.map((f) => path.relative(outdir, f)).join(", ")],
      ["raw size", kib(raw)],
      ["gzip size (zlib level 9)", kib(gz)],
      ["startup: active CPU (wrangler check startup)", `${field("Active")} ms`],
      ["startup: profile window", `${field("Profile window")} ms`],
    ],
    note: "Startup is `wrangler check startup`: the bundle's top-level evaluation profiled in local workerd (this machine's CPU, not Cloudflare's).",
  });
  targets.push({ name: "bundle gzip", limit: "≤ 1 MiB", actual: kib(gz), pass: gz <= 1024 * 1024 });
}

// ---------------------------------------------------------------------------------------

async function section(name: string, fn: () => Promise<unknown> | unknown) {
  log(`${name}…`);
  try {
    await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    notes.push(`${name} failed: ${message.slice(0, 2000)}`);
    console.error(`[bench] ${name} failed:`, err);
  }
}

function machine() {
  const cpus = os.cpus();
  const wranglerVersion = execFileSync(WRANGLER, ["--version"], { encoding: "utf8" }).trim();
  return [
    `- Date: ${startedAt.toISOString()}`,
    `- Command: \`${COMMAND}\``,
    `- Machine: ${os.availableParallelism()} CPUs (nproc), ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${os.loadavg()[0]!.toFixed(2)}: other work on the machine shares its ${os.availableParallelism()} CPUs`,
    `- Node ${process.version}, wrangler ${wranglerVersion}, Chromium ${chromiumVersion()}`,
    "- Everything on one machine: the load generator, wrangler dev (workerd + local D1/R2 on SQLite), the PDF engines. " +
      "Absolute figures are this machine's; the ratios are the point.",
  ].join("\n");
}

function chromiumVersion() {
  try {
    return execFileSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" })
      .trim()
      .replace(/^Chromium\s*/, "");
  } catch {
    return "unavailable";
  }
}

async function main() {
  await section("seeding two local databases", async () => {
    await Promise.all([seed(apiDb), seed(floorDb), seed(largeDb)]);
  });
  await section("API against its floor", async () => {
    const [api, floor] = [await start("API", apiDb), await start("floor", floorDb)];
    await apiVsFloor(api, floor);
    await stop(floor);
    await stop(api);
  });
  await section("growth", growth);
  for (const s of [...servers]) await stop(s);
  await section("PDF against peers", pdf);
  let detail = "";
  await section("PDF renderer detail (bench/pdf.ts)", () => {
    detail = pdfDetail();
  });
  await section("bundle and startup", bundle);

  const body = [
    "# Benchmarks",
    "",
    `Written by \`${COMMAND}\` (bench/run.ts); rerun it to refresh. Took ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s.`,
    "",
    machine(),
    "",
    markdownTable(targetsTable(targets)),
    "",
    ...tables.flatMap((t) => [markdownTable(t), ""]),
    ...(detail ? ["### Our renderer alone, Latin and Unicode (bench/pdf.ts)", "", "```", detail, "```", ""] : []),
    ...(notes.length ? ["### Notes from this run", "", ...notes.map((n) => `- ${n}`), ""] : []),
  ].join("\n");
  writeFileSync(path.join(ROOT, "BENCHMARKS.md"), body);
  console.log(`\n${body}`);
  log("wrote BENCHMARKS.md");
}

const cleanup = async () => {
  for (const s of [...servers]) await s.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
};
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(cleanup);
