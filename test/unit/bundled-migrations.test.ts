import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BUNDLED_MIGRATIONS } from "../../src/db/bundled-migrations";
import { ensureMigrated } from "../../src/db/migrate";

describe("the migrations the Worker carries", () => {
  it("are migrations/ as wrangler splits them (run npm run db:generate after adding one)", () => {
    expect(BUNDLED_MIGRATIONS).toEqual(env.TEST_MIGRATIONS);
  });

  it("bring an empty database up to date once, recorded where wrangler records them", async () => {
    // The setup file migrated this file's D1: empty it, as a fresh `wrangler dev` state is.
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{
      name: string;
    }>();
    await env.DB.batch([env.DB.prepare("PRAGMA defer_foreign_keys = ON"), ...results.map((r) => env.DB.prepare(`DROP TABLE "${r.name}"`))]);
    // Nothing in this file has called it before: its first call migrates, the second finds it done.
    await ensureMigrated(env.DB);
    await ensureMigrated(env.DB);
    const applied = await env.DB.prepare("SELECT name FROM d1_migrations ORDER BY id").all<{ name: string }>();
    expect(applied.results.map((r) => r.name)).toEqual(BUNDLED_MIGRATIONS.map((m) => m.name));
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'invoices'").all();
    expect(tables.results).toHaveLength(1);
  });
});
