import { fetchWithBindings } from "../helpers/app-fetch";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";

/*
 * The send path reads each thing once: the request below creates, finalizes and emails an
 * invoice, and every SELECT it sends to D1 is counted by the table it reads. (The invoice's
 * scheduler, a Durable Object with its own bindings, is not counted: it re-reads D1 by design.)
 */

/** A D1 binding that records the main table of every SELECT it is given, then runs it. */
function countingD1(real: D1Database) {
  const reads: string[] = [];
  const note = (sql: string) => {
    const m = /^select .*? from "(\w+)"/is.exec(sql.trim());
    if (m) reads.push(m[1]!);
  };
  const d1 = new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare")
        return (sql: string) => {
          note(sql);
          return target.prepare(sql);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { d1, reads, count: (table: string) => reads.filter((t) => t === table).length };
}

const call = (d1: D1Database, apiKey: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetchWithBindings({ DB: d1 }, "POST", path, { apiKey, body, headers });

describe("the send path", () => {
  it("creates, finalizes and emails an invoice reading the invoice, its customer and the account once each", async () => {
    const { api, apiKey } = await newAccount();
    const customer = (await api.post("/v1/customers", seedCustomer)).body;
    const counter = countingD1(env.DB);
    const res = await call(counter.d1, apiKey, "/v1/invoices", { ...seedInvoiceBody(customer.id), send_email: true }, { "Idempotency-Key": "reads-once" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe("sent");
    expect(res.body.invoice_number).toMatch(/^INV-\d{4}-\d{4}$/);
    // The keyed create looks for the invoice its key would have made (one indexed lookup).
    expect(counter.count("invoices"), counter.reads.join(", ")).toBe(1);
    expect(counter.count("customers"), counter.reads.join(", ")).toBe(1);
    expect(counter.count("accounts"), counter.reads.join(", ")).toBe(1);
    expect(counter.count("line_items"), counter.reads.join(", ")).toBe(0);
  });

  it("sends an existing draft with one read of its state", async () => {
    const { api, apiKey } = await newAccount();
    const customer = (await api.post("/v1/customers", seedCustomer)).body;
    const draft = (await api.post("/v1/invoices", seedInvoiceBody(customer.id))).body;
    const counter = countingD1(env.DB);
    const res = await call(counter.d1, apiKey, `/v1/invoices/${draft.id}/send`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe("sent");
    expect(res.body.line_items).toHaveLength(2);
    for (const table of ["invoices", "customers", "accounts", "line_items", "deliveries"])
      expect(counter.count(table), `${table}: ${counter.reads.join(", ")}`).toBeLessThanOrEqual(table === "deliveries" ? 2 : 1);
  });
});
