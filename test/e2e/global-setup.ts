import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createAccount } from "../../scripts/lib/account";
import { applyMigrations } from "../../scripts/lib/d1";
import { startWranglerDev, type DevServer } from "./wrangler-dev";

let server: DevServer | undefined;

/** One real `wrangler dev` for the whole end-to-end run, on fresh local state. */
export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(path.join(tmpdir(), "invoicing-e2e-"));
  process.env.WRANGLER_PERSIST_TO = persistTo;
  applyMigrations("--local");
  const account = await createAccount({ name: "Stateset", email: "billing@stateset.test", target: "--local" });
  server = await startWranglerDev();
  project.provide("baseUrl", server.baseUrl);
  project.provide("apiKey", account.api_key);
  project.provide("accountId", account.account_id);
  return async () => {
    await server?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    apiKey: string;
    accountId: string;
  }
}
