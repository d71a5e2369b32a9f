import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { openApi31Validator } from "../helpers/openapi-validator";

let doc: any;
beforeAll(async () => {
  const res = await exports.default.fetch("https://api.test/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toMatch(/application\/json/);
  doc = await res.json();
});

const operations = (d: any) =>
  Object.entries(d.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

// Routes that are not part of the JSON API: the document itself, its reference page and its scripts.
const NOT_API = new Set(["GET /openapi.json", "GET /docs", "GET /docs/assets/{file}"]);

describe("OpenAPI document", () => {
  it("passes a real OpenAPI 3.1 validator", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await openApi31Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("is checked by a validator that does fail broken documents", async () => {
    const broken = structuredClone(doc);
    broken.paths["/v1/account"].get.responses = "none";
    expect((await openApi31Validator().validate(broken)).valid).toBe(false);
    const danglingRef = structuredClone(doc);
    danglingRef.paths["/v1/account"].get.responses["200"].content["application/json"].schema = { $ref: "#/components/schemas/Nope" };
    expect((await openApi31Validator().validate(danglingRef)).valid).toBe(false);
  });

  it("lists every core API route", () => {
    const core = [
      "GET /v1/account",
      "PATCH /v1/account",
      "POST /v1/api_keys",
      "GET /v1/api_keys",
      "DELETE /v1/api_keys/{id}",
      "POST /v1/customers",
      "GET /v1/customers",
      "GET /v1/customers/{id}",
      "PATCH /v1/customers/{id}",
      "DELETE /v1/customers/{id}",
      "POST /v1/invoices",
      "GET /v1/invoices",
      "GET /v1/invoices/{id}",
      "PATCH /v1/invoices/{id}",
      "DELETE /v1/invoices/{id}",
      "POST /v1/invoices/{id}/finalize",
      "POST /v1/invoices/{id}/void",
      "POST /v1/invoices/{id}/mark_uncollectible",
      "GET /v1/invoices/{id}/events",
      "POST /v1/invoices/{id}/payments",
      "GET /v1/invoices/{id}/payments",
      "POST /v1/payments",
      "POST /v1/webhook_endpoints",
      "GET /v1/webhook_endpoints",
      "GET /v1/webhook_endpoints/{id}",
      "PATCH /v1/webhook_endpoints/{id}",
      "DELETE /v1/webhook_endpoints/{id}",
      "POST /v1/webhook_endpoints/{id}/rotate_secret",
      "POST /v1/credit_notes",
      "POST /v1/credit_notes/preview",
      "GET /v1/credit_notes",
      "GET /v1/credit_notes/{id}",
      "POST /v1/credit_notes/{id}/void",
      "GET /v1/invoices/{id}/credit_notes",
      "GET /v1/credit_notes/{id}/pdf",
      "POST /v1/credit_notes/{id}/send",
      "GET /v1/invoices/{id}/e-invoice",
      "GET /v1/invoices/{id}/e-invoice/validation",
      "GET /v1/credit_notes/{id}/e-invoice",
      "GET /v1/credit_notes/{id}/e-invoice/validation",
      "GET /documents/credit_notes/{file}",
      "POST /v1/invoice_schedules",
      "GET /v1/invoice_schedules",
      "GET /v1/invoice_schedules/{id}",
      "PATCH /v1/invoice_schedules/{id}",
      "POST /v1/invoice_schedules/{id}/pause",
      "POST /v1/invoice_schedules/{id}/resume",
      "POST /v1/invoice_schedules/{id}/cancel",
      "GET /v1/invoice_schedules/{id}/upcoming",
    ];
    expect(operations(doc)).toEqual(expect.arrayContaining(core));
  });

  it("documents every credit note route and every field of its schemas", () => {
    const routes = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags?.includes("Credit notes"))
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(routes.map((r) => r.key)).toEqual(expect.arrayContaining(["POST /v1/credit_notes", "GET /v1/invoices/{id}/credit_notes"]));
    for (const { key, op } of routes) {
      expect(op.summary, key).toBeTruthy();
      expect(op.description, key).toBeTruthy();
    }
    const schemas = ["CreditNote", "CreditNoteLine", "CreditNotePreview", "IssuedCreditNote", "CreateCreditNote"];
    const named = (p: any) => p.description || p.allOf?.some((part: any) => part.description) || (p.$ref && doc.components.schemas[p.$ref.split("/").pop()]);
    // An extended schema is allOf [the base's $ref, its own fields]: the base is checked by its own name.
    const ownProperties = (schema: any): Record<string, any> =>
      Object.assign({}, schema.properties, ...(schema.allOf ?? []).filter((part: any) => !part.$ref).map(ownProperties));
    const undocumented = schemas.flatMap((name) => {
      const schema = doc.components.schemas[name];
      expect(schema?.description, name).toBeTruthy();
      const props = ownProperties(schema);
      expect(Object.keys(props).length, name).toBeGreaterThan(0);
      const lines: Record<string, any> = props.lines?.items?.properties ?? {};
      return [
        ...Object.entries(props).flatMap(([field, p]) => (named(p) ? [] : [`${name}.${field}`])),
        ...Object.entries(lines).flatMap(([field, p]) => (named(p) ? [] : [`${name}.lines.${field}`])),
      ];
    });
    expect(undocumented).toEqual([]);
  });

  it("documents every invoice schedule route and every field of its schedule", () => {
    const routes = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags?.includes("Invoice schedules"))
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(routes).toHaveLength(8);
    for (const { key, op } of routes) {
      expect(op.summary, key).toBeTruthy();
      expect(op.description, key).toBeTruthy();
    }
    const schedule = doc.components.schemas.InvoiceSchedule;
    expect(schedule.description).toBeTruthy();
    const undocumented = Object.entries(schedule.properties as Record<string, any>)
      .filter(([, p]) => !(p.description || p.$ref || p.anyOf?.some((part: any) => part.$ref) || p.allOf?.some((part: any) => part.description)))
      .map(([field]) => field);
    expect(undocumented).toEqual([]);
  });

  it("lists every route the app serves", () => {
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL")
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_]+)(\{[^/]*\})?/g, "{$1}")}`)
        .filter((r) => !NOT_API.has(r)),
    );
    const documented = new Set(operations(doc));
    expect([...served].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect(served.size).toBeGreaterThan(20);
  });

  it("describes the error envelope, bearer auth and the shared error responses", () => {
    expect(doc.components.schemas.Error.properties.error.required).toEqual(expect.arrayContaining(["type", "code", "message", "request_id"]));
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [status, code] of [
      ["400", "invalid"],
      ["401", "key"],
      ["403", "scope"],
      ["404", "object"],
    ] as const)
      expect(doc.paths["/v1/invoices/{id}"].get.responses[status]?.description ?? "", `${status}`).toMatch(new RegExp(code, "i"));
    const create = doc.paths["/v1/invoices"].post;
    expect(create.requestBody.content["application/json"].schema).toBeTruthy();
    expect(create.responses["201"]).toBeTruthy();
  });
});

describe("Idempotency-Key in the document", () => {
  it("is a parameter of every POST that the idempotency middleware covers, and of no webhook receiver", () => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
      if (!item.post) continue;
      const names = (item.post.parameters ?? []).map((p: { name: string }) => p.name);
      if (path.startsWith("/v1/hooks/")) expect(names, path).not.toContain("Idempotency-Key");
      else expect(names, path).toContain("Idempotency-Key");
    }
  });
});

describe("docs and health", () => {
  it("serves the interactive reference at /docs as HTML pointing at the document", async () => {
    const res = await exports.default.fetch("https://api.test/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<html/i);
    expect(html).toContain("/openapi.json");
  });

  it("answers /health without a key", async () => {
    const res = await exports.default.fetch("https://api.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });
});
