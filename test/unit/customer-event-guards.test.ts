import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { deleteCustomer, updateCustomer } from "../../src/db/customer-queries";
import { newAccount, seedCustomer } from "../helpers/api";

/** The customer's events in the order they were written. */
async function listObjectEvents(_db: unknown, accountId: string, objectId: string): Promise<{ type: string; data: Record<string, any> }[]> {
  const { results } = await env.DB.prepare("SELECT type, data FROM events WHERE account_id = ? AND object_id = ? ORDER BY created_at, rowid")
    .bind(accountId, objectId)
    .all<{ type: string; data: string }>();
  return results.map((r) => ({ type: r.type, data: JSON.parse(r.data) }));
}

/*
 * A customer's events land in the batch of the write they record, and only if that write
 * happened: these race two writers that read the same row, so exactly one write wins each round.
 */

const who = { actor: "test", requestId: null, idempotencyKey: null };
type Shown = { name: string; phone: string | null };
const shown = (e: { data: unknown }) => {
  const { name, phone } = (e.data as { object: Shown }).object;
  return { name, phone };
};

/** D1 that runs `meanwhile` once, right before the first batch with a statement matching `pattern`. */
function racingD1(real: D1Database, pattern: RegExp, meanwhile: () => Promise<void>): D1Database {
  let pending = true;
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) => {
          if (pending && statements.some((s) => pattern.test((s as unknown as { statement: string }).statement))) {
            pending = false;
            await meanwhile();
          }
          return target.batch(statements);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("customer.updated", () => {
  it("is written once per update when both writers compute the same updated_at", async () => {
    const { api, accountId } = await newAccount();
    const c = await api.post("/v1/customers", seedCustomer);
    const db = createDb(env.DB);
    // A row stamped ahead of the clock (the +1 rule, or a skewed clock) makes both writers compute its stamp + 1.
    const ahead = new Date(Date.now() + 60_000).toISOString();
    await env.DB.prepare("UPDATE customers SET updated_at = ? WHERE id = ?").bind(ahead, c.body.id).run();

    await Promise.all([updateCustomer(db, accountId, c.body.id, { name: "A" }, who), updateCustomer(db, accountId, c.body.id, { phone: "+1 555 0100" }, who)]);
    const events = (await listObjectEvents(db, accountId, c.body.id)).filter((e) => e.type === "customer.updated");
    const final = (await api.get(`/v1/customers/${c.body.id}`)).body;
    expect(events).toHaveLength(2);
    // The latest event shows the customer as it is.
    expect(shown(events.at(-1)!)).toEqual({ name: final.name, phone: final.phone });
    expect(final).toMatchObject({ name: "A", phone: "+1 555 0100" });
  });

  it("is written once per update for two concurrent updates in one isolate", async () => {
    const { api, accountId } = await newAccount();
    const c = await api.post("/v1/customers", seedCustomer);
    const db = createDb(env.DB);
    await Promise.all([updateCustomer(db, accountId, c.body.id, { name: "A" }, who), updateCustomer(db, accountId, c.body.id, { phone: "+1 555 0100" }, who)]);
    const events = (await listObjectEvents(db, accountId, c.body.id)).filter((e) => e.type === "customer.updated");
    expect(events).toHaveLength(2);
    expect(shown(events.at(-1)!)).toEqual({ name: "A", phone: "+1 555 0100" });
  });
});

describe("customer.deleted", () => {
  it("shows the customer as it went when an update lands between the delete's read and its write", async () => {
    const { api, accountId } = await newAccount();
    const c = await api.post("/v1/customers", seedCustomer);
    const d1 = racingD1(env.DB, /^delete from "customers"/i, async () => {
      await updateCustomer(createDb(env.DB), accountId, c.body.id, { name: "Renamed meanwhile" }, who);
    });
    expect(await deleteCustomer(createDb(d1), accountId, c.body.id, who)).toBe("deleted");
    const events = await listObjectEvents(createDb(env.DB), accountId, c.body.id);
    expect(events.map((e) => e.type)).toEqual(["customer.created", "customer.updated", "customer.deleted"]);
    expect(shown(events.at(-1)!).name).toBe("Renamed meanwhile");
  });
});
