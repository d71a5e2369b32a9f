/*
 * fast-check arbitraries for values described by the OpenAPI document's JSON Schemas: values
 * that are valid-ish (they follow the schema, with ids and dates drawn from live pools), and
 * hostile ones (wrong types, huge numbers, unicode, control characters, dates at and past the
 * bounds, foreign ids) spliced into them.
 */
import fc from "fast-check";

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  format?: string;
  pattern?: string;
};

/** A reference to an object of the test account, resolved when the request is sent (ids change as the fuzz runs). */
export type PoolRef = { pool: PoolName; n: number };
export type PoolName = "invoice" | "customer" | "foreignInvoice" | "foreignCustomer" | "apiKey" | "token" | "creditNote" | "lineItem" | "schedule";
export const isPoolRef = (v: unknown): v is PoolRef => typeof v === "object" && v !== null && "pool" in v && "n" in v;

const poolRef = (pool: PoolName) => fc.nat().map((n): PoolRef => ({ pool, n }));
const anyId = fc.oneof(poolRef("invoice"), poolRef("customer"), poolRef("foreignInvoice"), poolRef("foreignCustomer"));

export const BOUNDARY_DATES = [
  "1970-01-01",
  "2099-12-31",
  "1969-12-31",
  "2100-01-01",
  "9999-12-31",
  "0000-01-01",
  "2024-02-29",
  "2023-02-29",
  "2024-13-01",
  "2024-1-1",
];
const BOUNDARY_TIMESTAMPS = [
  "1970-01-01T00:00:00Z",
  "2099-12-31T23:59:59Z",
  "2100-01-01T00:00:00Z",
  "1969-12-31T23:59:59Z",
  "9999-12-31T23:59:59Z",
  "2024-01-19T12:00:00+02:00",
];

const date = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date("1970-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom(...BOUNDARY_DATES) },
);
const timestamp = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date("2020-01-01"), max: new Date(), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom(...BOUNDARY_TIMESTAMPS) },
);

/** Strings that break naive code: control characters, header injection, markup, SQL, paths, huge. */
export const hostileString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\r\nBcc: victim@evil.test",
    "a\u202Eb",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00%0d%0a",
    "../../../etc/passwd",
    "$" + "{7*7}{{7*7}}", // a template placeholder, spelt so that it stays a literal
    "__proto__",
    "constructor",
    "NaN",
    "Infinity",
    "-0",
    "1e400",
    "null",
    "é".repeat(2000),
    "🧾".repeat(400),
    "x".repeat(70_000),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);

/** Values of the wrong kind for almost any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 0.5, -0.000001, 1e308, -1e308, 1e15 + 1, Number.MAX_SAFE_INTEGER + 2, 12.5, 8, 100.0001, [], {}, [[]], { a: {} }),
  hostileString,
  fc.constantFrom(...BOUNDARY_DATES, ...BOUNDARY_TIMESTAMPS),
  fc.double(),
  fc.integer(),
  anyId,
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

// Field names whose meaning a random string would never hit.
const BY_NAME: Record<string, fc.Arbitrary<unknown>> = {
  customer_id: fc.oneof({ weight: 5, arbitrary: poolRef("customer") }, { weight: 1, arbitrary: poolRef("foreignCustomer") }),
  invoice_id: fc.oneof({ weight: 5, arbitrary: poolRef("invoice") }, { weight: 1, arbitrary: poolRef("foreignInvoice") }),
  // Lines of the pool's invoices: a credit note naming one of them can be issued, or is refused for another invoice's line.
  invoice_line_item_id: poolRef("lineItem"),
  currency: fc.constantFrom("USD", "EUR", "JPY", "BHD", "usd", "GBP"),
  default_currency: fc.constantFrom("USD", "EUR", "JPY", "BHD"),
  email: fc.constantFrom("billing@acme.test", "a@b.co", "ünï@example.test"),
  sender_email: fc.constantFrom("billing@merchant.test"),
  country: fc.constantFrom("US", "GB", "DE", "JP"),
  timezone: fc.constantFrom("UTC", "America/Los_Angeles", "Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12"),
  locale: fc.constantFrom("en-US", "de-DE", "ja-JP"),
  logo_url: fc.constantFrom("https://example.test/logo.png"),
  checkout_url_template: fc.constantFrom("https://pay.example.test/{invoice_id}?amount={amount}"),
  payment_terms: fc.constantFrom("Net 30", "Net 0", "Due on receipt", "Net 999", "net15"),
  default_payment_terms: fc.constantFrom("Net 30", "Due on receipt"),
  invoice_prefix: fc.constantFrom("INV", "ACME-24", "X"),
  credit_note_prefix: fc.constantFrom("CN", "INV", "KR-24"),
  accent_color: fc.constantFrom("#1a73e8", "#000000"),
  iban: fc.constantFrom("DE89370400440532013000"),
  bic: fc.constantFrom("DEUTDEFF"),
  quantity: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0.5, 1.2345, 1e12)),
  tax_rate: fc.constantFrom(0, 0.08, 0.2, 0.123456, 1),
};
const EMAIL_LISTS = new Set(["to", "cc", "bcc"]);

function resolve(schema: JsonSchema, doc: { components: { schemas: Record<string, JsonSchema> } }): JsonSchema {
  if (!schema.$ref) return schema;
  return resolve(doc.components.schemas[schema.$ref.split("/").pop()!]!, doc);
}

/** A value following `schema`; `name` is the property it is for, when known. */
export function validish(schema: JsonSchema, doc: { components: { schemas: Record<string, JsonSchema> } }, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  if (name && BY_NAME[name] && depth > 0) return BY_NAME[name]!;
  if (name && EMAIL_LISTS.has(name)) return fc.array(fc.constantFrom("ap@acme.test", "cfo@acme.test"), { maxLength: 2 });
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => validish(b, doc, name, depth)));
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => validish({ ...s, type: t }, doc, name, depth)));
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: Math.max(s.minimum ?? -1e6, -1e9), max: Math.min(s.maximum ?? 1e6, 1e9) });
    case "number":
      return fc.double({ min: Math.max(s.minimum ?? -1e6, -1e6), max: Math.min(s.maximum ?? 1e6, 1e6), noNaN: true, noDefaultInfinity: true });
    case "string":
      if (s.format === "date") return date;
      if (s.format === "date-time") return timestamp;
      if (s.pattern || s.format) return fc.constantFrom("", "x", "2024-01-19");
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 40, 40)) });
    case "array":
      return fc.array(validish(s.items ?? {}, doc, undefined, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
    case "object": {
      if (depth > 4) return fc.constant({});
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validish(v, doc, k, depth + 1)])), {
        requiredKeys: [...required].filter((k) => k in props),
      });
      if (typeof s.additionalProperties === "object") {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), validish(s.additionalProperties, doc, undefined, depth + 1), { maxKeys: 4 });
      }
      return record;
    }
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer());
  }
}

type Mutation = { kind: "replace" | "drop" | "add"; at: number; value: unknown; key: string };

function objectPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value && typeof value === "object" && !isPoolRef(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = [...path, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      objectPaths(v, p, out);
    }
  }
  return out;
}

function applyMutation(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const paths = objectPaths(copy);
  if (m.kind === "add" || paths.length === 0) {
    if (copy && typeof copy === "object" && !Array.isArray(copy)) copy[m.key] = m.value;
    return copy;
  }
  const path = paths[m.at % paths.length]!;
  let parent: any = copy;
  for (const step of path.slice(0, -1)) parent = parent[step];
  const last = path.at(-1)!;
  if (m.kind === "drop" && !Array.isArray(parent)) delete parent[last];
  else parent[last] = m.value;
  return copy;
}

/** Mostly a valid-ish value; otherwise one with a field replaced by a hostile value, dropped, or an unknown one added. */
export function fuzzedValue(schema: JsonSchema, doc: { components: { schemas: Record<string, JsonSchema> } }): fc.Arbitrary<unknown> {
  const base = validish(schema, doc);
  const mutation = fc.record({
    kind: fc.constantFrom("replace", "replace", "drop", "add") as fc.Arbitrary<Mutation["kind"]>,
    at: fc.nat(),
    value: hostileValue,
    key: fc.oneof(fc.constantFrom("status", "id", "account_id", "total_amount", "__proto__"), fc.string({ minLength: 1, maxLength: 10 })),
  });
  return fc.oneof(
    { weight: 3, arbitrary: base },
    { weight: 2, arbitrary: fc.tuple(base, mutation).map(([v, m]) => applyMutation(v, m)) },
    { weight: 1, arbitrary: hostileValue },
  );
}
