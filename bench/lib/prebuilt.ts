/*
 * Builds a Worker once (`wrangler deploy --dry-run --outdir`) and writes a config that serves
 * that bundle with no_bundle. wrangler dev then watches only the built file, so edits to the
 * source tree during a run cannot rebuild and reload the Worker under load, and the bench
 * exercises the very bundle that would be deployed.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { WRANGLER } from "./dev-server";

export type Prebuilt = { config: string; outdir: string };

export function prebuild(config: string, outdir: string, adjust: (toml: string) => string = (t) => t): Prebuilt {
  execFileSync(WRANGLER, ["deploy", "--dry-run", "-c", config, "--outdir", outdir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  const dir = path.dirname(config);
  const toml = adjust(readFileSync(config, "utf8"))
    .replace(/^main\s*=.*$/m, `main = ${JSON.stringify(path.join(outdir, "index.js"))}\nno_bundle = true`)
    .replace(/^migrations_dir\s*=\s*"(.*)"$/m, (_, rel: string) => `migrations_dir = ${JSON.stringify(path.resolve(dir, rel))}`)
    // The built config lives elsewhere: the Static Assets directory (fonts) must still be the project's.
    .replace(/^directory\s*=\s*"(.*)"$/m, (_, rel: string) => `directory = ${JSON.stringify(path.resolve(dir, rel))}`);
  const built = path.join(outdir, "..", `${path.basename(outdir)}.wrangler.toml`);
  writeFileSync(built, toml);
  return { config: built, outdir };
}
