/** Tables for the terminal and for BENCHMARKS.md (the same Markdown serves both). */

export type Table = { title: string; header: string[]; rows: string[][]; note?: string };

export function markdownTable(t: Table): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [`### ${t.title}`, "", line(t.header), rule, ...t.rows.map(line), ...(t.note ? ["", t.note] : [])].join("\n");
}

export const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const ratio = (v: number) => `${v.toFixed(2)}×`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export type Target = { name: string; limit: string; actual: string; pass: boolean };

export const targetsTable = (targets: Target[]): Table => ({
  title: "Targets",
  header: ["target", "limit", "measured", "result"],
  rows: targets.map((t) => [t.name, t.limit, t.actual, t.pass ? "PASS" : "FAIL"]),
});
