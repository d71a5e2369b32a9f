import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import manifest from "../../src/services/pdf/font-chunks.json";

const get = (path: string) => exports.default.fetch(`https://api.test${path}`);

describe("/docs works offline", () => {
  it("references only same-origin scripts, none inline, under a CSP that allows scripts from 'self' only", async () => {
    const res = await get("/docs");
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toMatch(/default-src 'none'/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body!.trim()).toBe("");
      const src = /\bsrc="([^"]+)"/.exec(attributes!)?.[1];
      expect(src).toMatch(/^\/[^/]/);
    }
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("/openapi.json");
  });

  it("serves each of those scripts as JavaScript from the Worker's assets", async () => {
    const html = await (await get("/docs")).text();
    const sources = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/gi)].map((m) => m[1]!);
    for (const src of sources) {
      const res = await get(src);
      expect(res.status, src).toBe(200);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/javascript/);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect((await res.text()).length).toBeGreaterThan(100);
    }
    // The bundle is Scalar's standalone build, which defines the global the init script calls.
    expect(await (await get("/docs/assets/scalar-api-reference.js")).text()).toContain("createApiReference");
  });

  it("forwards nothing else from the assets: fonts and unlisted files stay internal", async () => {
    const family = manifest.families.sans;
    const paths = [
      `/fonts/${family.regular}/${family.chunks[0]!.file}.ttf`,
      `/docs/assets/../fonts/${family.regular}/${family.chunks[0]!.file}.ttf`,
      `/docs/assets/${encodeURIComponent(`../fonts/${family.regular}/${family.chunks[0]!.file}.ttf`)}`,
      "/docs/assets/scalar-api-reference.version",
      "/docs/assets/constructor",
      "/docs/scalar-api-reference.js",
      "/assets/docs/scalar-api-reference.js",
    ];
    for (const path of paths) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Content-Type"), path).toMatch(/application\/json/);
    }
  });
});
