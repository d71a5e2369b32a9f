import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type DevServer = {
  name: string;
  baseUrl: string;
  persistTo: string;
  inspectorPort: number;
  /** The process group leader: `process.kill(-pid, "SIGKILL")` is a crash of the whole server. */
  pid: number;
  logs: () => string;
  stop: () => Promise<void>;
};

export type DevServerOptions = {
  /** Names the server in errors (the bench runs two). */
  name?: string;
  /** A wrangler config other than the project's (the bench's floor Worker, prebuilt bundles). */
  config?: string;
  persistTo?: string;
  /** A fixed port, so a restarted server keeps its base URL (and the links it writes). */
  port?: number;
  vars?: Record<string, string>;
  logLevel?: "info" | "warn";
  readyTimeoutMs?: number;
};

export const WRANGLER = path.resolve(import.meta.dirname, "../../node_modules/.bin/wrangler");
// Enough of the log to explain a failure, without holding a long bench run's output.
const LOG_TAIL = 20_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real `wrangler dev` (workerd with local D1, R2, Durable Objects and send_email
 * capture) on a free loopback port with its own state directory, and waits for /health.
 * The end-to-end tests and the bench both start their servers here.
 */
export async function startWranglerDev(options: DevServerOptions = {}): Promise<DevServer> {
  const name = options.name ?? "wrangler dev";
  const port = options.port ?? (await freePort());
  const inspectorPort = await freePort();
  const persistTo = options.persistTo ?? process.env.WRANGLER_PERSIST_TO ?? mkdtempSync(path.join(tmpdir(), "invoicing-e2e-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const varArgs = Object.entries({ PUBLIC_BASE_URL: baseUrl, ...options.vars }).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const configArgs = options.config ? ["-c", options.config] : [];
  let output = "";
  const child: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      ...configArgs,
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistTo,
      "--inspector-port",
      String(inspectorPort),
      "--log-level",
      options.logLevel ?? "info",
      ...varArgs,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" }, detached: true },
  );
  child.stdout?.on("data", (d) => (output = (output + d).slice(-LOG_TAIL)));
  child.stderr?.on("data", (d) => (output = (output + d).slice(-LOG_TAIL)));

  const timeout = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`${name} did not become ready in ${timeout / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    name,
    baseUrl,
    persistTo,
    inspectorPort,
    pid: child.pid!,
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
