import { fetchWithBindings } from "../helpers/app-fetch";
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";
import { openInvoice } from "../helpers/open-invoice";

/*
 * A request that loses the race for an invoice (another change committed between its read and
 * its guarded write) decides again on everything as it now is, not only the row: these run a
 * competing request at exactly that moment, through a D1 binding that pauses before the first
 * guarded write to the invoice.
 */

/** D1 that runs `meanwhile` once, right before the first batch that updates the invoices table. */
function racingD1(real: D1Database, meanwhile: () => Promise<void>): D1Database {
  let pending = true;
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) => {
          const writesInvoice = statements.some((s) => /^update "invoices"/i.test((s as unknown as { statement: string }).statement));
          if (pending && writesInvoice) {
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

const call = (d1: D1Database, method: string, url: string, apiKey?: string, body?: unknown) => fetchWithBindings({ DB: d1 }, method, url, { apiKey, body });

describe("a request that loses the race for an invoice", () => {
  it("re-prices a draft on the lines another request just wrote, and answers them", async () => {
    const { api, apiKey } = await newAccount();
    const customer = (await api.post("/v1/customers", seedCustomer)).body;
    const draft = (await api.post("/v1/invoices", seedInvoiceBody(customer.id))).body;
    const newLines = [{ description: "NEW", quantity: 2, unit_price: 10000 }];
    const d1 = racingD1(env.DB, async () => {
      expect((await api.patch(`/v1/invoices/${draft.id}`, { line_items: newLines })).status).toBe(200);
    });
    const res = await call(d1, "PATCH", `https://api.test/v1/invoices/${draft.id}`, apiKey, { discount: { type: "percent", percent: 10 } });
    const answered = res.body;
    expect(res.status, JSON.stringify(answered)).toBe(200);
    const stored = (await api.get(`/v1/invoices/${draft.id}`)).body;
    for (const invoice of [answered, stored]) {
      expect(invoice.line_items.map((l: { description: string }) => l.description)).toEqual(["NEW"]);
      expect(invoice).toMatchObject({ subtotal: 20000, discount_amount: 2000, total_amount: 18000 });
    }
  });

  it("records one view when two first visits of the pay page race", async () => {
    const { api } = await newAccount();
    const invoice = await openInvoice(api);
    const d1 = racingD1(env.DB, async () => {
      expect((await exports.default.fetch(invoice.public_url)).status).toBe(200);
    });
    expect((await call(d1, "GET", invoice.public_url)).status).toBe(200);
    const events = (await api.get(`/v1/invoices/${invoice.id}/events`)).body.data.filter((e: { type: string }) => e.type === "invoice.viewed");
    expect(events).toHaveLength(1);
    const viewed = (await api.get(`/v1/invoices/${invoice.id}`)).body;
    expect(viewed.viewed_at).toBe(events[0].created_at);
  });
});
