import { measureChromium, measureOurs, measureReactPdf, PDF_SIZES, type PdfMeasure } from "./pdf-compare";
import { kib, ms, ratio, type Table, type Target } from "./report";

/** Our renderer against @react-pdf/renderer and headless Chromium: the table and its targets. */
export async function pdfSection(budgetMs: number, log: (msg: string) => void): Promise<{ table: Table; targets: Target[] }> {
  const targets: Target[] = [];
  const measures: PdfMeasure[] = [];
  for (const lines of PDF_SIZES) {
    measures.push(await measureOurs(lines, budgetMs));
    measures.push(await measureReactPdf(lines, budgetMs));
    log(`pdf ${lines} lines: ours ${ms(measures.at(-2)!.threadCpuMs)} ms, react-pdf ${ms(measures.at(-1)!.threadCpuMs)} ms main-thread CPU`);
  }
  measures.push(...(await measureChromium(PDF_SIZES, budgetMs)));
  const of = (engine: string, lines: number) => measures.find((m) => m.engine === engine && m.lines === lines)!;
  const rows = PDF_SIZES.map((lines) => {
    const o = of("ours", lines);
    const r = of("react-pdf", lines);
    const c = of("chromium", lines);
    return [
      String(lines),
      ms(o.threadCpuMs),
      ms(o.cpuMs),
      ms(r.threadCpuMs),
      ms(r.cpuMs),
      ms(c.cpuMs),
      ms(c.wallMs),
      ratio(r.threadCpuMs / o.threadCpuMs),
      ratio(c.cpuMs / o.cpuMs),
      kib(o.bytes),
      kib(r.bytes),
      kib(c.bytes),
    ];
  });
  const table: Table = {
    title: "PDF: the same invoice rendered by our renderer, @react-pdf/renderer and headless Chromium",
    header: [
      "lines",
      "ours thread CPU ms",
      "ours process CPU ms",
      "react-pdf thread CPU ms",
      "react-pdf process CPU ms",
      "Chromium CPU ms",
      "Chromium wall ms",
      "react-pdf / ours (thread)",
      "Chromium / ours (process)",
      "ours size",
      "react-pdf size",
      "Chromium size",
    ],
    rows,
    note:
      "Ours and react-pdf render in this Node process, warm; CPU is the total over the warm renders divided by their number, wall the median. Thread CPU is the main thread's (process.threadCpuUsage): " +
      "the isolate's own thread, which is what a Worker's CPU limit counts. Process CPU (process.cpuUsage) adds V8's background GC and compiler threads. " +
      "Chromium (/usr/bin/chromium via playwright-core) prints an equivalent HTML page (page.setContent + page.pdf): its CPU is the browser's and all its " +
      "child processes' (utime + stime from /proc, every thread, 10 ms ticks averaged over the warm renders), so it is compared with our process CPU; " +
      "its wall time is the median of the same calls. All three print the same strings (our view model, buildInvoiceView) with the same sections; " +
      "ours and react-pdf use the built-in Helvetica, Chromium embeds its substitute font.",
  };
  const o10 = of("ours", 10);
  targets.push({
    name: "10-line PDF CPU, warm (main thread)",
    limit: "≤ 5 ms",
    actual: `${ms(o10.threadCpuMs)} ms (process ${ms(o10.cpuMs)} ms)`,
    pass: o10.threadCpuMs <= 5,
  });
  const vsReact = of("react-pdf", 10).threadCpuMs / o10.threadCpuMs;
  const vsChromium = of("chromium", 10).cpuMs / o10.cpuMs;
  targets.push({ name: "10-line PDF vs react-pdf (thread CPU)", limit: "≥ 3× faster", actual: ratio(vsReact), pass: vsReact >= 3 });
  targets.push({ name: "10-line PDF vs Chromium (all-thread CPU)", limit: "≥ 10× faster", actual: ratio(vsChromium), pass: vsChromium >= 10 });
  return { table, targets };
}
