/**
 * PDF render time and size: `npx tsx bench/pdf.ts` (npm run bench:pdf).
 * The same invoice at 10, 50, 200 and 500 lines, rendered warm; CPU time is the mean of
 * N runs by process.threadCpuUsage (user + system of the main thread only: the isolate's
 * thread is what the Workers CPU limit counts; GC helpers and tsx's compiler thread are not).
 * "latin" uses Helvetica (nothing embedded); "unicode" adds Greek, Cyrillic, Hebrew and
 * Japanese names, so chunks of Noto Sans, Noto Sans Hebrew and Noto Sans JP (assets/fonts)
 * are embedded. "first" is the first render of the process: cold JIT and module set-up, and
 * every chunk read from disk, parsed and prepared (the Worker reads them from its static
 * assets instead); a new isolate pays this once.
 */
import { renderInvoicePdf } from "../src/services/pdf/render-invoice-pdf";
import { fileFonts } from "./lib/file-fonts";
import { pdfAccount, pdfCustomer, pdfInvoice, pdfLines } from "../test/helpers/pdf-fixtures";

const UNICODE = ["Zoë Ångström", "Łódź", "Ελληνικά", "Київ", "東京", "עברית"];

function input(lines: number, unicode: boolean) {
  const describe = unicode
    ? (i: number) => `${UNICODE[i % UNICODE.length]} service line ${i + 1}`
    : (i: number) => `Item ${String(i + 1).padStart(3, "0")} consulting hours, senior engineer`;
  const invoice = pdfInvoice(pdfLines(lines, describe), unicode ? { customer: pdfCustomer({ name: "Zoë Ångström / 東京 / עברית" }) } : {});
  return { invoice, account: pdfAccount(), payUrl: "https://invoices.example/pay/tok_2f9c1e", now: new Date("2026-11-02T10:00:00Z") };
}

async function measure(lines: number, unicode: boolean, runs: number) {
  const args = input(lines, unicode);
  let bytes = await renderInvoicePdf(args, fileFonts);
  for (let i = 0; i < 5; i++) await renderInvoicePdf(args, fileFonts);
  const wall: number[] = [];
  // Thread CPU is counted in scheduler ticks (4 ms here), too coarse for one render: the
  // figure is the total over all runs divided by the runs.
  const c0 = threadCpu();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    bytes = await renderInvoicePdf(args, fileFonts);
    wall.push(performance.now() - t0);
  }
  const c = threadCpu(c0);
  return { cpu: (c.user + c.system) / 1000 / runs, wall: median(wall), size: bytes.length };
}

/** This thread's CPU (Node >= 22.19); the whole process's where that is missing. */
const threadCpu = (since?: NodeJS.CpuUsage): NodeJS.CpuUsage =>
  (process as { threadCpuUsage?: (p?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage?.(since) ?? process.cpuUsage(since);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const rows: string[][] = [];
{
  // First Unicode render of the process: each chunk read, parsed and deflated once. fontkit
  // is imported beforehand, since under tsx that import mostly measures tsx compiling it.
  await import("@pdf-lib/fontkit");
  const c0 = threadCpu();
  const t0 = performance.now();
  const bytes = await renderInvoicePdf(input(10, true), fileFonts);
  const wall = performance.now() - t0;
  const c = threadCpu(c0);
  rows.push(["unicode, first", "10", "1", ((c.user + c.system) / 1000).toFixed(2), wall.toFixed(2), (bytes.length / 1024).toFixed(1)]);
}
for (const unicode of [false, true])
  for (const lines of [10, 50, 200, 500]) {
    const runs = lines <= 50 ? 60 : lines <= 200 ? 25 : 12;
    const r = await measure(lines, unicode, runs);
    rows.push([unicode ? "unicode" : "latin", String(lines), String(runs), r.cpu.toFixed(2), r.wall.toFixed(2), (r.size / 1024).toFixed(1)]);
  }

const header = ["text", "lines", "runs", "cpu ms (mean)", "wall ms (median)", "size KiB"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
console.log(`PDF render, Node ${process.version}, warm except "first"`);
console.log(line(header));
console.log(`|${widths.map((w, i) => (i < 1 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
for (const row of rows) console.log(line(row));
