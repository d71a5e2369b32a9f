/*
 * Requests generated from the OpenAPI document: one operation, its path parameters, query,
 * headers and body, each valid-ish or hostile. Ids are pool references, resolved against the
 * live pools when the request is sent.
 */
import fc from "fast-check";
import { BOUNDARY_DATES, fuzzedValue, isPoolRef, type JsonSchema, type PoolName, type PoolRef, validish } from "./schema-values";

export type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, JsonSchema> } };
type Parameter = { name: string; in: "path" | "query" | "header"; schema?: JsonSchema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };

export type Endpoint = { method: string; path: string; op: Operation };

/** A generated request, before its pool references are resolved. */
export type FuzzRequest = {
  endpoint: Endpoint;
  pathParams: Record<string, PoolRef | string>;
  query: [string, unknown][];
  body: { kind: "json"; value: unknown } | { kind: "raw"; text: string } | { kind: "none" };
  contentType: string | null;
  idempotencyKey: string | null;
  sequenceVersion: string | null;
};

/** `arb` one time in `every`, else null (fc.option's freq weighs the other way round). */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number) => fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

export function endpoints(doc: Doc): Endpoint[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
}

// Which pool an {id} in a path draws from, by the path it is in.
function pathPool(path: string, name: string): PoolName {
  if (name === "token" || name === "file") return "token";
  if (path.startsWith("/v1/customers")) return "customer";
  if (path.startsWith("/v1/api_keys")) return "apiKey";
  if (path.startsWith("/v1/credit_notes/")) return "creditNote";
  if (path.startsWith("/v1/invoice_schedules/")) return "schedule";
  return "invoice";
}

// Hostile path segments are kept short: a path is not a body.
const hostileSegment = fc.oneof(
  fc.constantFrom("inv_doesnotexist", "cust_x", "key_0000000000", "%00", "..", "x".repeat(65), "ü", "inv_'--", " ", "null"),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
);

function pathParam(path: string, name: string): fc.Arbitrary<PoolRef | string> {
  const pool = pathPool(path, name);
  const foreign = pool === "customer" ? "foreignCustomer" : pool === "invoice" ? "foreignInvoice" : pool;
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((n): PoolRef => ({ pool, n })) },
    { weight: 1, arbitrary: fc.nat().map((n): PoolRef => ({ pool: foreign, n })) },
    { weight: 1, arbitrary: hostileSegment },
  );
}

const hostileQueryValue = fc.oneof(
  fc.constantFrom("", "-1", "0", "101", "1.5", "1e3", "true", "DESC", "desc", "paid", "null", "[]", "%", ...BOUNDARY_DATES),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constant("y".repeat(2000)),
);

function queryArb(params: Parameter[], doc: Doc): fc.Arbitrary<[string, unknown][]> {
  const declared = params.map((p) =>
    sometimes(
      fc
        .oneof({ weight: 4, arbitrary: validish(p.schema ?? {}, doc, p.name, 1) }, { weight: 1, arbitrary: hostileQueryValue })
        .map((v) => [p.name, v] as [string, unknown]),
      2,
    ),
  );
  const unknown = sometimes(fc.tuple(fc.constantFrom("colour", "expand", "LIMIT", "status[]", "__proto__"), hostileQueryValue), 12);
  return fc
    .tuple(fc.tuple(...declared), unknown)
    .map(([d, u]) => [...d.filter((x): x is [string, unknown] => x !== null), ...(u ? [u as [string, unknown]] : [])]);
}

const rawBodies = fc.constantFrom(
  "{",
  "[]",
  "null",
  '"text"',
  "1",
  '{"a":',
  "\u0000",
  `${"[".repeat(3000)}${"]".repeat(3000)}`,
  '{"__proto__":{"x":1}}',
  "name=Acme&x=1",
);

const contentTypes = fc.oneof(
  { weight: 12, arbitrary: fc.constant("application/json") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/vnd.api+json",
      "APPLICATION/JSON",
    ),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);

// A few shared keys, so that keys collide across routes and bodies (replays, 409s, reuse refused).
const idempotencyKey = fc.oneof(
  { weight: 3, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.constantFrom("fuzz-1", "fuzz-2", "fuzz-3") },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(..."abcXYZ019-_:. "), minLength: 1, maxLength: 300 }) },
);

export function requestArb(endpoint: Endpoint, doc: Doc): fc.Arbitrary<FuzzRequest> {
  const params = endpoint.op.parameters ?? [];
  const pathNames = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const bodySchema = endpoint.op.requestBody?.content?.["application/json"]?.schema;
  const writes = endpoint.method !== "GET" && endpoint.method !== "DELETE";
  const body: fc.Arbitrary<FuzzRequest["body"]> = bodySchema
    ? fc.oneof(
        { weight: 12, arbitrary: fuzzedValue(bodySchema, doc).map((value) => ({ kind: "json" as const, value })) },
        { weight: 1, arbitrary: rawBodies.map((text) => ({ kind: "raw" as const, text })) },
      )
    : writes
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constant({ kind: "none" as const }) },
          { weight: 1, arbitrary: rawBodies.map((text) => ({ kind: "raw" as const, text })) },
        )
      : fc.constant({ kind: "none" as const });
  return fc.record({
    endpoint: fc.constant(endpoint),
    pathParams: fc.record(Object.fromEntries(pathNames.map((n) => [n, pathParam(endpoint.path, n)]))) as fc.Arbitrary<Record<string, PoolRef | string>>,
    query: queryArb(
      params.filter((p) => p.in === "query"),
      doc,
    ),
    body,
    contentType: contentTypes,
    idempotencyKey: writes ? sometimes(idempotencyKey, 3) : fc.constant(null),
    sequenceVersion: endpoint.path.startsWith("/api/")
      ? sometimes(fc.constantFrom("2024-07-30", "2024-07-30", "2017-01-01", "", "latest"), 4)
      : fc.constant(null),
  });
}

/** Replaces pool references (anywhere in a value) by ids from the live pools. */
export function resolveRefs(value: unknown, pick: (ref: PoolRef) => string): unknown {
  if (isPoolRef(value)) return pick(value);
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, pick));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, pick)]));
  return value;
}

const asQueryString = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** The URL path with query, and the init for fetch. */
export function toFetch(req: FuzzRequest, pick: (ref: PoolRef) => string, authorization: string): { url: string; init: RequestInit } {
  let path = req.endpoint.path;
  for (const [name, value] of Object.entries(req.pathParams)) {
    path = path.replace(`{${name}}`, encodeURIComponent(typeof value === "string" ? value : pick(value)));
  }
  const query = new URLSearchParams();
  for (const [name, value] of req.query) query.append(name, asQueryString(resolveRefs(value, pick)));
  const headers: Record<string, string> = { Authorization: authorization };
  if (req.contentType) headers["Content-Type"] = req.contentType;
  if (req.idempotencyKey) headers["Idempotency-Key"] = req.idempotencyKey;
  if (req.sequenceVersion !== null) headers["Sequence-Version"] = req.sequenceVersion;
  const body = req.body.kind === "json" ? JSON.stringify(resolveRefs(req.body.value, pick)) : req.body.kind === "raw" ? req.body.text : undefined;
  const qs = query.toString();
  return { url: `https://api.test${path}${qs ? `?${qs}` : ""}`, init: { method: req.endpoint.method, headers, body } };
}
