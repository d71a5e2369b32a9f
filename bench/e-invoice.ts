/**
 * E-invoice render cost: `npx tsx bench/e-invoice.ts` (also a section of npm run bench).
 * The same invoice at 10 and 500 lines, warm: UBL (model + XML) and Factur-X (the PDF with
 * every font embedded, its CII, and the PDF/A-3 wrap). CPU is the mean over N runs of this
 * thread's time (process.threadCpuUsage), as bench/pdf.ts measures the PDF alone.
 */
import { buildEInvoice } from "../src/domain/e-invoice/build";
import type { Invoice } from "../src/domain/types";
import { toCii } from "../src/services/e-invoice/cii";
import { toFacturX } from "../src/services/e-invoice/facturx";
import { toUbl } from "../src/services/e-invoice/ubl";
import { renderInvoicePdfDocument } from "../src/services/pdf/render-invoice-pdf";
import { fileFonts } from "./lib/file-fonts";
import { pdfAccount, pdfCustomer, pdfInvoice, pdfLines } from "../test/helpers/pdf-fixtures";

const account = pdfAccount({ tax_id: "DE123456789", address: { line1: "Friedrichstraße 123", city: "Berlin", postal_code: "10117", country: "DE" } });
const customer = pdfCustomer({ tax_id: "DE987654321", billing_address: { line1: "Hauptstraße 5", city: "München", postal_code: "80331", country: "DE" } });
const invoiceOf = (lines: number): Invoice => pdfInvoice(pdfLines(lines), { currency: "EUR", customer });
const now = new Date("2026-11-02T10:00:00Z");

const ubl = async (invoice: Invoice) => toUbl(buildEInvoice({ kind: "invoice", invoice, account })).length;
const facturx = async (invoice: Invoice) => {
  const pdf = await renderInvoicePdfDocument({ invoice, account, payUrl: null, now }, fileFonts, { embedAllFonts: true });
  return (await toFacturX(pdf, toCii(buildEInvoice({ kind: "invoice", invoice, account })), { documentNumber: invoice.invoice_number!, created: now })).length;
};

const threadCpu = (since?: NodeJS.CpuUsage): NodeJS.CpuUsage =>
  (process as { threadCpuUsage?: (p?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage?.(since) ?? process.cpuUsage(since);

async function measure(render: (invoice: Invoice) => Promise<number>, lines: number, runs: number) {
  const invoice = invoiceOf(lines);
  let size = 0;
  for (let i = 0; i < 5; i++) size = await render(invoice);
  const c0 = threadCpu();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) size = await render(invoice);
  const wall = (performance.now() - t0) / runs;
  const c = threadCpu(c0);
  return { cpu: (c.user + c.system) / 1000 / runs, wall, size };
}

const rows: string[][] = [];
for (const [name, render] of [
  ["UBL", ubl],
  ["Factur-X", facturx],
] as const)
  for (const lines of [10, 500]) {
    const runs = lines <= 10 ? 60 : 12;
    const r = await measure(render, lines, runs);
    rows.push([name, String(lines), String(runs), r.cpu.toFixed(2), r.wall.toFixed(2), (r.size / 1024).toFixed(1)]);
  }

const header = ["format", "lines", "runs", "cpu ms (mean)", "wall ms (mean)", "size KiB"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
console.log(`E-invoice render, Node ${process.version}, warm`);
console.log(line(header));
console.log(`|${widths.map((w, i) => (i < 1 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
for (const row of rows) console.log(line(row));
