/**
 * Run by `npm start` before `wrangler dev`: applies local migrations, makes sure a dev
 * account and key exist, and prints the key. (The PDF fonts ship as static assets: nothing
 * to upload.)
 * The key's secret is stored only as a hash in D1, so the dev copy is kept in
 * .wrangler/dev-api-key (git-ignored) to be printed on every start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createAccount } from "./lib/account";
import { applyMigrations, query } from "./lib/d1";

const KEY_FILE = ".wrangler/dev-api-key";

applyMigrations("--local");

let key = existsSync(KEY_FILE) ? readFileSync(KEY_FILE, "utf8").trim() : "";
const keyId = key ? `key_${key.split("_")[1]}` : "";
const known = keyId
  ? query<{ id: string }>(`SELECT id FROM api_keys WHERE id = '${keyId.replace(/[^0-9A-Za-z_]/g, "")}' AND revoked_at IS NULL`, "--local")
  : [];
if (known.length === 0) {
  const created = await createAccount({ name: "Dev Merchant", email: "billing@dev-merchant.test", target: "--local" });
  key = created.api_key;
  mkdirSync(".wrangler", { recursive: true });
  writeFileSync(KEY_FILE, `${key}\n`, { mode: 0o600 });
}

console.log(`
  Local API:  http://127.0.0.1:8787   (docs: /docs, OpenAPI: /openapi.json)
  API key:    ${key}

  curl -s http://127.0.0.1:8787/v1/account -H "Authorization: Bearer ${key}"
`);
