import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type Api, createCustomer, newAccount, seedInvoiceBody } from "../helpers/api";

/*
 * Walks every property of every JSON body the OpenAPI document declares, replacing it in an
 * otherwise valid body with each kind of bad value, and reads what the API says. Whatever
 * the field, the answer is in the API's words: never the validator's ("expected …,
 * received …", "nonoptional", "Invalid input").
 */

const JARGON = /\bexpected\b|\breceived\b|nonoptional|Invalid input/i;
// One of each kind: missing, wrong type, fractional, out of range, wrong structure, out-of-range date.
const BAD_VALUES: unknown[] = [undefined, "x", 12.5, 1e20, [], "9999-12-31"];

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };

let api: Api;
let doc: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } };
let bases: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  api = (await newAccount()).api;
  doc = (await (await exports.default.fetch("https://api.test/openapi.json")).json()) as typeof doc;
  const customerId = await createCustomer(api);
  const invoice = (await api.post("/v1/invoices", seedInvoiceBody(customerId))).body;
  // A valid body per route, so the field under test is the only thing wrong. Writes that would
  // succeed go to objects that do not exist, so the walk changes nothing it depends on.
  bases = {
    "POST /v1/invoices": seedInvoiceBody(customerId),
    "PATCH /v1/invoices/{id}": {},
    "POST /v1/customers": { name: "Acme" },
    "PATCH /v1/customers/{id}": {},
    "PATCH /v1/account": {},
    "POST /v1/api_keys": { scopes: ["invoices:read"] },
    "POST /v1/invoices/{id}/send": {},
    "POST /v1/invoices/{id}/remind": {},
    "POST /v1/invoices/{id}/payments": { amount: 100 },
    "POST /v1/payments": { invoice_id: invoice.id, amount: 100 },
    "POST /v1/webhook_endpoints": { url: "https://example.com/hook", enabled_events: ["invoice.paid"] },
    "PATCH /v1/webhook_endpoints/{id}": {},
    "POST /v1/events/{id}/redeliver": {},
    // The invoice is a draft: a body that passes validation is refused (409) and writes nothing.
    "POST /v1/credit_notes": { invoice_id: invoice.id, amount: 100, reason: "other" },
    "POST /v1/credit_notes/preview": { invoice_id: invoice.id, amount: 100, reason: "other" },
    "POST /v1/credit_notes/{id}/send": {},
    // No such customer: a body that passes validation is refused (400 customer_id) and writes nothing.
    "POST /v1/invoice_schedules": {
      customer_id: "cust_missing",
      interval: "month",
      start_date: "2030-01-01",
      line_items: [{ description: "Retainer", quantity: 1, unit_price: 1000 }],
    },
    "PATCH /v1/invoice_schedules/{id}": {},
  };
});

const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.split("/").pop()!]!) : s);

/** Property paths of a body schema: top-level fields, and the fields of objects and arrays of objects one level down. */
function fieldPaths(schema: Schema): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const [name, raw] of Object.entries(resolve(schema).properties ?? {})) {
    out.push([name]);
    const prop = resolve(raw);
    const inner = prop.items ? resolve(prop.items) : resolve(prop.anyOf?.find((b) => resolve(b).properties) ?? prop);
    for (const child of Object.keys(inner.properties ?? {})) out.push(prop.items ? [name, 0, child] : [name, child]);
  }
  return out;
}

function withValue(base: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const body = structuredClone(base) as Record<string | number, any>;
  let parent = body;
  for (const step of path.slice(0, -1)) {
    if (parent[step] === null || typeof parent[step] !== "object") parent[step] = typeof path[path.indexOf(step) + 1] === "number" ? [{}] : {};
    parent = parent[step];
  }
  const last = path.at(-1)!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return body;
}

describe("every body field, every kind of bad value", () => {
  it("answers in the API's words", { timeout: 60_000 }, async () => {
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody?.content?.["application/json"])
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, schema: op.requestBody.content["application/json"].schema as Schema })),
    );
    expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(bases).sort());
    const jargon: string[] = [];
    let refused = 0;
    for (const route of routes) {
      const url = route.path.replace("{id}", "inv_doesnotexist").replace("/v1/customers/inv_doesnotexist", "/v1/customers/cust_doesnotexist");
      for (const field of fieldPaths(route.schema)) {
        for (const value of BAD_VALUES) {
          const body = withValue(bases[route.key]!, field, value);
          const method = route.key.split(" ")[0]!;
          const res = method === "PATCH" ? await api.patch(url, body) : await api.post(url, body);
          if (res.status !== 400) continue;
          refused += 1;
          const message: string = res.body.error.message;
          if (JARGON.test(message)) jargon.push(`${route.key} ${field.join(".")}=${JSON.stringify(value)}: ${message}`);
        }
      }
    }
    expect(jargon).toEqual([]);
    expect(refused).toBeGreaterThan(400);
  });
});
