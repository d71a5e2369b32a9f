import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";

it("serves health and has migrations", async () => {
  const res = await exports.default.fetch("http://x/health");
  expect(res.status).toBe(200);
  const row = await env.DB.prepare("select count(*) as n from accounts").first<{ n: number }>();
  expect(row?.n).toBe(0);
});
