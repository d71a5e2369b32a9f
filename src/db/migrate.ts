import { BUNDLED_MIGRATIONS } from "./bundled-migrations";

/*
 * The Worker brings its database up to date itself, once per isolate, so `wrangler dev` on a
 * fresh machine works however it was started (npm start, npm run dev, plain wrangler dev).
 * It keeps the very table `wrangler d1 migrations apply` and the test pool keep, in the same
 * shape, so any of them can run first and none repeats another's work. Once deployed, `npm
 * run deploy` applies migrations before the new code serves, and this finds nothing to do.
 * Raw SQL on purpose: the migrations are drizzle-kit's output, not queries of the app.
 */

const TABLE = "d1_migrations";
const ready = new WeakMap<D1Database, Promise<void>>();

/** Resolves once every bundled migration is applied to `d1`; a failure is retried by the next call. */
export function ensureMigrated(d1: D1Database): Promise<void> {
  let done = ready.get(d1);
  if (!done) {
    done = migrate(d1).catch((err) => {
      ready.delete(d1);
      throw err;
    });
    ready.set(d1, done);
  }
  return done;
}

async function migrate(d1: D1Database): Promise<void> {
  const applied = await appliedNames(d1);
  if (BUNDLED_MIGRATIONS.every((m) => applied.has(m.name))) return;
  await d1
    .prepare(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`,
    )
    .run();
  for (const migration of BUNDLED_MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    try {
      // One batch is one transaction: the migration and its record land together or not at all.
      await d1.batch([...migration.queries.map((q) => d1.prepare(q)), d1.prepare(`INSERT INTO ${TABLE} (name) VALUES (?)`).bind(migration.name)]);
    } catch (err) {
      // Another isolate applied it in the meantime; anything else is a real failure.
      if (!(await appliedNames(d1)).has(migration.name)) throw err;
    }
  }
}

async function appliedNames(d1: D1Database): Promise<Set<string>> {
  try {
    const { results } = await d1.prepare(`SELECT name FROM ${TABLE}`).all<{ name: string }>();
    return new Set(results.map((r) => r.name));
  } catch (err) {
    if (/no such table/.test(String(err))) return new Set();
    throw err;
  }
}
