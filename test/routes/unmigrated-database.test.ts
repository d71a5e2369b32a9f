import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newAccount } from "../helpers/api";

/*
 * `wrangler dev` on its own does not apply D1 migrations (npm start does). A Worker started
 * that way on an empty database says so, in the envelope, instead of an anonymous 500.
 * (This file's D1 is its own: dropping a table here touches no other test.)
 */
describe("a database whose migrations were never applied", () => {
  it("answers 503 database_not_migrated naming the command to run", async () => {
    const { api } = await newAccount();
    await env.DB.prepare("DROP TABLE customers").run();
    const res = await api.get("/v1/customers");
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ type: "unavailable_error", code: "database_not_migrated" });
    expect(res.body.error.message).toContain("npm run db:migrate:local");
    expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|no such table/i);
  });
});
