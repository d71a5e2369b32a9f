import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import sources from "../../../scripts/font-sources.json";
import manifest from "../../../src/services/pdf/font-chunks.json";

const families = Object.values(manifest.families);

describe("font files", () => {
  it("are cut from exactly the faces scripts/font-sources.json names", () => {
    const faces = new Set(families.flatMap((f) => [f.regular, f.bold]));
    expect([...faces].sort()).toEqual(Object.keys(sources).sort());
  });

  it("come from TrueType or WOFF sources, which the splitter reads (not WOFF2, not CFF)", () => {
    for (const file of Object.values(sources)) expect(file).toMatch(/\.(ttf|woff)$/);
  });

  it("are every one of them shipped as a static asset, as TrueType", async () => {
    const names = families.flatMap((f) => f.chunks.flatMap((c) => [`${f.regular}/${c.file}`, `${f.bold}/${c.file}`]));
    for (const name of new Set(names)) {
      const response = await env.ASSETS.fetch(`https://assets.internal/fonts/${name}.ttf`);
      expect(response.status, name).toBe(200);
      const head = new DataView(await response.arrayBuffer());
      expect(head.getUint32(0), name).toBe(0x00010000);
    }
  });
});
