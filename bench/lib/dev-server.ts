/*
 * `wrangler dev` for the bench: the same starter as the end-to-end tests, pointed at any
 * config file, so the API and the floor Worker start the same way.
 */
import { startWranglerDev, type DevServer } from "../../test/e2e/wrangler-dev";

export { WRANGLER } from "../../test/e2e/wrangler-dev";
export type BenchServer = DevServer;

export function startDevServer(name: string, config: string, persistTo: string, vars: Record<string, string> = {}): Promise<BenchServer> {
  return startWranglerDev({ name, config, persistTo, vars, logLevel: "warn", readyTimeoutMs: 90_000 });
}
