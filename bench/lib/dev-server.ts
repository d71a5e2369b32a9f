/*
 * `wrangler dev` for the bench: like test/e2e/wrangler-dev.ts (free loopback port, own
 * --persist-to), but for any config file, so the floor Worker starts the same way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../test/e2e/wrangler-dev";

export const WRANGLER = path.resolve(import.meta.dirname, "../../node_modules/.bin/wrangler");

export type BenchServer = { name: string; baseUrl: string; inspectorPort: number; stop: () => Promise<void>; logs: () => string };

export async function startDevServer(name: string, config: string, persistTo: string, vars: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const varArgs = Object.entries({ PUBLIC_BASE_URL: baseUrl, ...vars }).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  let output = "";
  const child: ChildProcess = spawn(
    WRANGLER,
    ["dev", "-c", config, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo, "--inspector-port", String(inspectorPort), "--log-level", "warn", ...varArgs],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" }, detached: true },
  );
  child.stdout?.on("data", (d) => (output = (output + d).slice(-20_000)));
  child.stderr?.on("data", (d) => (output = (output + d).slice(-20_000)));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name}: wrangler dev exited early:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`${name}: wrangler dev not ready in 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name,
    baseUrl,
    inspectorPort,
    logs: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    },
  };
}
