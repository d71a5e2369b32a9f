import { execFileSync } from "node:child_process";

/** Where a command acts: the local D1 of `wrangler dev`, or the deployed one. */
export type Target = "--local" | "--remote";

// Lets the end-to-end harness point every command at its own throwaway state directory.
const extraArgs = () => (process.env.WRANGLER_PERSIST_TO ? ["--persist-to", process.env.WRANGLER_PERSIST_TO] : []);

const wrangler = (args: string[]) =>
  execFileSync("npx", ["wrangler", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });

/** SQL string literal; the only values we inline are ids, names and hashes we control. */
export const sqlString = (value: string | null | undefined) => (value == null ? "NULL" : `'${value.replaceAll("'", "''")}'`);

export function applyMigrations(target: Target) {
  wrangler(["d1", "migrations", "apply", "DB", target, ...(target === "--local" ? extraArgs() : [])]);
}

export function execute(sql: string, target: Target) {
  wrangler(["d1", "execute", "DB", target, ...(target === "--local" ? extraArgs() : []), "--command", sql]);
}

export function query<T>(sql: string, target: Target): T[] {
  const out = wrangler(["d1", "execute", "DB", target, ...(target === "--local" ? extraArgs() : []), "--json", "--command", sql]);
  const parsed = JSON.parse(out) as Array<{ results: T[] }>;
  return parsed[0]?.results ?? [];
}
