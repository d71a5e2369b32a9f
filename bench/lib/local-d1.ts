/** `wrangler d1` against one config's local database in one state directory. */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { WRANGLER } from "./dev-server";

export type LocalD1 = { config: string; persistTo: string };

const run = (db: LocalD1, args: string[]) =>
  execFileSync(WRANGLER, ["d1", ...args, "DB", "--local", "-c", db.config, "--persist-to", db.persistTo], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });

export const applyMigrations = (db: LocalD1) => run(db, ["migrations", "apply"]);

export function executeFile(db: LocalD1, sql: string, name: string) {
  const file = path.join(db.persistTo, `${name}.sql`);
  writeFileSync(file, sql);
  run(db, ["execute", "--file", file, "-y"]);
}

export function query<T>(db: LocalD1, sql: string): T[] {
  const out = execFileSync(WRANGLER, ["d1", "execute", "DB", "--local", "-c", db.config, "--persist-to", db.persistTo, "--json", "--command", sql], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  return (JSON.parse(out) as Array<{ results: T[] }>)[0]?.results ?? [];
}
