import { chromium } from "playwright-core";
import { expect, inject, it } from "vitest";
import { pdfPages } from "../helpers/pdf-reading";
import { CHROMIUM_PATH } from "./pay-page-browser";

/*
 * The fonts ship as static assets: a plain `wrangler dev` (global-setup.ts runs no font
 * set-up of any kind) must print a non-Latin name intact, and must not hand the font files
 * (or any other internal asset) to the public.
 */

const baseUrl = inject("baseUrl");
const headers = { Authorization: `Bearer ${inject("apiKey")}`, "Content-Type": "application/json" };

async function post(path: string, body: unknown) {
  const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

it("prints a Polish, Ukrainian and Japanese customer name intact in the stored PDF", async () => {
  const name = "Łódź Київ 東京";
  const customer = await post("/v1/customers", { name, email: "kontakt@lodz-kyiv.test" });
  expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  const draft = await post("/v1/invoices", {
    customer_id: customer.body.id,
    currency: "EUR",
    line_items: [{ description: `Usługi — ${name}`, quantity: 1, unit_price: 100_000, tax_rate: 0.19 }],
  });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const finalized = await post(`/v1/invoices/${draft.body.id}/finalize`, {});
  expect(finalized.status, JSON.stringify(finalized.body)).toBe(200);

  const res = await fetch(`${baseUrl}/v1/invoices/${draft.body.id}/pdf`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/pdf");
  const text = (await pdfPages(new Uint8Array(await res.arrayBuffer()))).pages.join("\n");
  expect(text.split("\n")).toContain(name);
  expect(text).toContain(`Usługi — ${name}`);
  expect(text).not.toMatch(/\?ód\?|\?\?\?\?/);
});

it("serves no font file or other internal asset to the public", async () => {
  for (const path of ["/fonts/sans/00.ttf", "/fonts/cjk/14.ttf", "/docs/scalar-api-reference.js", "/docs/scalar-api-reference.version", "/docs/assets/x.ttf"]) {
    const res = await fetch(`${baseUrl}${path}`);
    expect(res.status, path).toBe(404);
    expect(res.headers.get("Content-Type"), path).toMatch(/application\/json/);
    expect((await res.json()) as any).toMatchObject({ error: { type: "not_found_error" } });
  }
});

it("renders the API reference in Chromium with every off-origin request blocked", async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const origin = new URL(baseUrl).origin;
    const offOrigin: string[] = [];
    const violations: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      offOrigin.push(url);
      return route.abort("internetdisconnected");
    });
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load|evaluate)/i.test(m.text()) && /script/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(`${baseUrl}/docs`);
    expect(response?.status()).toBe(200);
    await expect.poll(async () => page.locator("h1").allInnerTexts(), { timeout: 30_000 }).toContain("Edge Invoicing API");
    expect(violations).toEqual([]);
    expect(offOrigin.filter((u) => /\.js(\?|$)/.test(u))).toEqual([]);
  } finally {
    await browser.close();
  }
});
