import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { WRANGLER } from "./dev-server";
import { kib, type Table, type Target } from "./report";

/** The Worker's bundle (files, raw and gzip size) and its startup CPU, from a `wrangler deploy --dry-run` output directory. */
export function bundleSection(root: string, outdir: string): { table: Table; target: Target } {
  const files = readdirSync(outdir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && !f.name.endsWith(".map"))
    .map((f) => path.join(f.parentPath, f.name));
  const raw = files.reduce((s, f) => s + statSync(f).size, 0);
  const gz = files.reduce((s, f) => s + gzipSync(readFileSync(f), { level: 9 }).byteLength, 0);

  const profile = path.join(outdir, "..", "startup.cpuprofile");
  const startupOut = execFileSync(WRANGLER, ["check", "startup", "--outfile", profile], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  }).replace(/\x1b\[[0-9;]*m/g, "");
  const field = (name: string) => /([\d.]+) ms/.exec(startupOut.split("\n").find((l) => l.includes(`${name}:`)) ?? "")?.[1] ?? "?";
  const table: Table = {
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
  };
  return { table, target: { name: "bundle gzip", limit: "≤ 1 MiB", actual: kib(gz), pass: gz <= 1024 * 1024 } };
}
