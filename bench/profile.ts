/*
 * Where a Worker's CPU goes under the bench's load: `npm run bench:profile -- <endpoint> [api|floor]`
 * (endpoint: get, list, create, send). Seeds a fresh local database, serves the prebuilt
 * bundle with wrangler dev, records a V8 CPU profile through its inspector during 5 s of
 * load, maps each frame through the bundle's source map and prints the heaviest functions
 * (self and inclusive). The .cpuprofile is kept for Chrome DevTools.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { startDevServer } from "./lib/dev-server";
import { load, LOAD } from "./lib/load";
import { prebuild } from "./lib/prebuilt";
import { check, endpoints, liftRateLimits, seed, SMALL, writes, type Endpoint } from "./lib/workload";

type CpuProfile = {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
};

const ROOT = path.resolve(import.meta.dirname, "..");
const byName: Record<string, Endpoint> = {
  get: endpoints(SMALL)[0]!,
  list: endpoints(SMALL)[1]!,
  create: writes[0]!,
  send: writes[1]!,
};
const [which = "get", target = "api"] = process.argv.slice(2);
const endpoint = byName[which];
if (!endpoint || !["api", "floor"].includes(target)) {
  console.error("usage: npm run bench:profile -- <get|list|create|send> [api|floor]");
  process.exit(2);
}

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
async function inspector(port: number) {
  const [first] = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  // wrangler's inspector proxy accepts local origins only.
  const ws = new WebSocket(first!.webSocketDebuggerUrl, { headers: { Origin: "http://127.0.0.1" } } as unknown as string[]);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", reject);
  });
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result);
  });
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        pending.set(++id, resolve as (r: unknown) => void);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

function summarize(profile: CpuProfile, sourceMap: string | null) {
  const map = sourceMap ? new TraceMap(sourceMap) : null;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const names = new Map<number, string>();
  const nameOf = (id: number) => {
    let name = names.get(id);
    if (name === undefined) {
      const f = byId.get(id)!.callFrame;
      const o = map && f.url.endsWith("index.js") ? originalPositionFor(map, { line: f.lineNumber + 1, column: f.columnNumber }) : null;
      name = o?.source
        ? `${o.name ?? f.functionName ?? "(anonymous)"}  ${o.source.replace(/^.*node_modules\//, "").replace(/^(\.\.\/)+/, "")}:${o.line}`
        : `${f.functionName || "(anonymous)"}  ${f.url.split("/").pop() || "(native)"}`;
      names.set(id, name);
    }
    return name;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((sample, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    if (byId.get(sample)!.callFrame.functionName === "(idle)") return;
    busy += dt;
    self.set(nameOf(sample), (self.get(nameOf(sample)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const name = nameOf(id);
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
      seen.add(name);
    }
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / busy).toFixed(1).padStart(6)} %  ${k}`)
      .join("\n");
  return `busy CPU ${(busy / 1000).toFixed(0)} ms of the profile\n\nself time\n${top(self, 25)}\n\ninclusive time\n${top(inclusive, 50)}`;
}

const work = mkdtempSync(path.join(os.tmpdir(), "invoicing-profile-"));
const db = { config: path.join(ROOT, target === "api" ? "wrangler.toml" : "bench/floor-worker/wrangler.toml"), persistTo: path.join(work, "db") };
await seed(db);
const build = prebuild(db.config, path.join(work, "build"), liftRateLimits);
const server = await startDevServer(target, build.config, db.persistTo);
try {
  const spec = endpoint.spec();
  await check(server, endpoint, spec);
  await load(server.baseUrl, endpoint.token, spec, LOAD.warmupSeconds);
  const cdp = await inspector(server.inspectorPort);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const result = await load(server.baseUrl, endpoint.token, spec);
  const { profile } = await cdp.send<{ profile: CpuProfile }>("Profiler.stop");
  cdp.close();
  const out = path.join(os.tmpdir(), `${target}-${which}-${Date.now()}.cpuprofile`);
  writeFileSync(out, JSON.stringify(profile));
  console.log(`${target} ${endpoint.name}: p50 ${result.p50} ms, ${result.rps.toFixed(0)} req/s, ${result.failures} failed (profiling slows it)\n`);
  const sourceMap = path.join(build.outdir, "index.js.map");
  console.log(summarize(profile, existsSync(sourceMap) ? readFileSync(sourceMap, "utf8") : null));
  console.log(`\nprofile: ${out}`);
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
