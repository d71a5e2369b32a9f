import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/*
 * Drives a pay page in Debian's headless Chromium and reports what a customer (and axe-core)
 * would find. JavaScript stays off for everything the customer does; axe and the layout
 * probes run through the DevTools protocol, which the page's CSP does not govern.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: string[] };

export type PayPageFindings = {
  status: number | null;
  title: string;
  headings: string[];
  amountDue: string | null;
  payHref: string | null;
  pdfHref: string | null;
  banner: string | null;
  /** Background of the header band: proves the hashed inline stylesheet was applied. */
  brandBackground: string;
  /** Console messages about the Content-Security-Policy: a wrong hash shows up here. */
  cspErrors: string[];
  /** Document width at 320 px; more than 320 means sideways scrolling on a small phone. */
  scrollWidthAt320: number;
  axeViolations: AxeViolation[];
  screenshots: { mobile: string; desktop: string };
};

const require = createRequire(import.meta.url);

// The tests' tsconfig has no DOM lib; these callbacks run in the page, where these exist.
type PageGlobals = { document: { documentElement: { scrollWidth: number } }; getComputedStyle: (el: unknown) => { backgroundColor: string } };

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function withPage<T>(browser: Browser, opts: { width: number; javaScript: boolean }, fn: (page: Page, csp: string[]) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: opts.width, height: 900 }, javaScriptEnabled: opts.javaScript });
  const page = await context.newPage();
  const csp: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
  });
  try {
    return await fn(page, csp);
  } finally {
    await context.close();
  }
}

const textOf = async (page: Page, selector: string) =>
  (await page.locator(selector).count()) ? ((await page.locator(selector).first().textContent()) ?? "").trim() : null;
const hrefOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .getAttribute("href")
    .catch(() => null);

/** Opens `url` at 375 px (JS off) and 1280 px, runs axe, and saves both screenshots in `outDir`. */
export async function inspectPayPage(url: string, outDir: string): Promise<PayPageFindings> {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const mobile = path.join(outDir, "pay-page-375.png");
    const desktop = path.join(outDir, "pay-page-1280.png");

    const customerView = await withPage(browser, { width: 375, javaScript: false }, async (page, csp) => {
      const response = await page.goto(url, { waitUntil: "load" });
      await page.screenshot({ path: mobile, fullPage: true });
      return {
        status: response?.status() ?? null,
        title: await page.title(),
        headings: (await page.locator("h1, h2, h3").allTextContents()).map((t) => t.trim()),
        amountDue: await textOf(page, "#amount-due"),
        payHref: (await page.locator("#pay-now").count()) ? await hrefOf(page, "#pay-now") : null,
        pdfHref: (await page.locator("#pdf-link").count()) ? await hrefOf(page, "#pdf-link") : null,
        banner: await textOf(page, "#status-banner"),
        cspErrors: csp,
      };
    });

    const audit = await withPage(browser, { width: 1280, javaScript: true }, async (page, csp) => {
      await page.goto(url, { waitUntil: "load" });
      await page.screenshot({ path: desktop, fullPage: true });
      const brandBackground = await page.locator("header.brand").evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).backgroundColor);
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as {
            axe: {
              run: (
                ctx: unknown,
                opts: unknown,
              ) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }>;
            };
          }
        ).axe;
        return axe.run((globalThis as unknown as PageGlobals).document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
      });
      await page.setViewportSize({ width: 320, height: 900 });
      const scrollWidthAt320 = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth);
      return {
        brandBackground,
        scrollWidthAt320,
        cspErrors: csp,
        axeViolations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) })),
      };
    });

    return {
      ...customerView,
      brandBackground: audit.brandBackground,
      scrollWidthAt320: audit.scrollWidthAt320,
      cspErrors: [...customerView.cspErrors, ...audit.cspErrors],
      axeViolations: audit.axeViolations,
      screenshots: { mobile, desktop },
    };
  } finally {
    await browser.close();
  }
}
