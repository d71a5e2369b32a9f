/*
 * The same invoice at several sizes through three engines: ours (pdf-lib, in-process), the
 * @react-pdf/renderer peer (in-process) and headless Chromium printing an equivalent HTML
 * page. In-process engines get two CPU figures, each the total over the warm renders divided
 * by their number (per-render readings of thread CPU are too coarse to take a median of):
 * the main thread's (process.threadCpuUsage: the isolate's thread, which is what a Worker's
 * CPU limit counts) and the whole process's (process.cpuUsage: also V8's background GC and
 * compiler threads). Wall time is the median per render. Chromium's CPU is read from /proc for the browser and all its child
 * processes, summed over the warm renders (clock ticks, so averaged), beside its wall time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { noFonts, renderInvoicePdf } from "../../src/services/pdf";
import { buildInvoiceView, type RenderInput } from "../../src/services/pdf/invoice-view";
import { pdfAccount, pdfInvoice, pdfLines } from "../../test/helpers/pdf-fixtures";
import { footerTemplate, invoiceHtml } from "./pdf-html";
import { renderWithReactPdf } from "./pdf-react";

export const PDF_SIZES = [10, 50, 200, 500] as const;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type Engine = "ours" | "react-pdf" | "chromium";
/** threadCpuMs: main thread only (NaN for Chromium); cpuMs: every thread of the engine's process(es). */
export type PdfMeasure = { engine: Engine; lines: number; threadCpuMs: number; cpuMs: number; wallMs: number; bytes: number; iterations: number };

// Node 22.19+ (typed in later @types/node).
const threadCpuUsage = (process as unknown as { threadCpuUsage: (prev?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage;

export function benchInput(lines: number): RenderInput {
  return { invoice: pdfInvoice(pdfLines(lines)), account: pdfAccount(), payUrl: "https://pay.example/pay/abc123", now: new Date("2026-11-02T10:00:00Z") };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (d: NodeJS.CpuUsage) => (d.user + d.system) / 1000;

/** Warm renders until `budgetMs` of wall time or `maxIterations`, whichever first. */
async function inProcess(engine: Engine, lines: number, render: () => Promise<Uint8Array>, budgetMs: number, maxIterations = 200): Promise<PdfMeasure> {
  for (let i = 0; i < 3; i++) await render();
  const wall: number[] = [];
  let bytes = 0;
  const until = performance.now() + budgetMs;
  const c = process.cpuUsage();
  const t = threadCpuUsage();
  while (wall.length < maxIterations && (wall.length < 3 || performance.now() < until)) {
    const w = performance.now();
    bytes = (await render()).byteLength;
    wall.push(performance.now() - w);
  }
  const n = wall.length;
  return { engine, lines, threadCpuMs: ms(threadCpuUsage(t)) / n, cpuMs: ms(process.cpuUsage(c)) / n, wallMs: median(wall), bytes, iterations: n };
}

export const measureOurs = (lines: number, budgetMs: number) => {
  const input = benchInput(lines);
  return inProcess("ours", lines, () => renderInvoicePdf(input, noFonts), budgetMs);
};

export const measureReactPdf = (lines: number, budgetMs: number) => {
  const view = buildInvoiceView(benchInput(lines));
  return inProcess("react-pdf", lines, () => renderWithReactPdf(view), budgetMs);
};

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of `root` and every process below it, in ms. */
function treeCpuMs(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited while we looked
    }
  }
  const inTree = (pid: number): boolean => pid === root || (pid > 1 && stats.has(pid) && inTree(stats.get(pid)!.ppid));
  let ticks = 0;
  for (const [pid, s] of stats) if (inTree(pid)) ticks += s.ticks;
  return ticks * CLOCK_TICK_MS;
}

export async function measureChromium(sizes: readonly number[], budgetMs: number): Promise<PdfMeasure[]> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true });
  const pid = server.process().pid!;
  const browser = await chromium.connect(server.wsEndpoint());
  const out: PdfMeasure[] = [];
  try {
    const page = await browser.newPage();
    for (const lines of sizes) {
      const view = buildInvoiceView(benchInput(lines));
      const html = invoiceHtml(view);
      const print = async () => {
        await page.setContent(html);
        return page.pdf({
          format: "A4",
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: "<span></span>",
          footerTemplate: footerTemplate(view),
          margin: { top: "0.5556in", bottom: "0.7778in", left: "0.5556in", right: "0.5556in" },
        });
      };
      for (let i = 0; i < 2; i++) await print();
      const wall: number[] = [];
      let bytes = 0;
      const cpuStart = treeCpuMs(pid);
      const until = performance.now() + budgetMs;
      while (wall.length < 30 && (wall.length < 3 || performance.now() < until)) {
        const w = performance.now();
        bytes = (await print()).byteLength;
        wall.push(performance.now() - w);
      }
      out.push({
        engine: "chromium",
        lines,
        threadCpuMs: Number.NaN,
        cpuMs: (treeCpuMs(pid) - cpuStart) / wall.length,
        wallMs: median(wall),
        bytes,
        iterations: wall.length,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}
