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

/**
 * The targets of the BENCHMARKS.md being replaced, by name → measured, so a run says what
 * moved since the last one committed (empty when there is none).
 */
export function previousTargets(markdown: string | null): Map<string, { measured: string; date: string }> {
  const found = new Map<string, { measured: string; date: string }>();
  if (!markdown) return found;
  const date = /^- Date: (\S+)/m.exec(markdown)?.[1] ?? "?";
  const section = markdown.slice(markdown.indexOf("### Targets"));
  for (const line of section.split("\n").slice(4)) {
    if (!line.startsWith("|")) break;
    const [name, , measured] = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (name && measured) found.set(name, { measured, date });
  }
  return found;
}

export const sinceTable = (targets: Target[], previous: Map<string, { measured: string; date: string }>): Table => ({
  title: `Since the last committed BENCHMARKS.md (${[...previous.values()][0]?.date ?? "none"})`,
  header: ["target", "previous", "now"],
  rows: targets.map((t) => [t.name, previous.get(t.name)?.measured ?? "(new)", t.actual]),
});

/**
 * One row of a table in a BENCHMARKS.md, by the start of its title and its first cell (null
 * when absent), with the file's date: what an earlier run measured, for a table that quotes it.
 */
export function previousRow(markdown: string | null, titleStart: string, name: string): { cells: string[]; date: string } | null {
  if (!markdown) return null;
  const date = /^- Date: (\S+)/m.exec(markdown)?.[1] ?? "?";
  const at = markdown.indexOf(`### ${titleStart}`);
  if (at < 0) return null;
  for (const line of markdown.slice(at).split("\n").slice(4)) {
    if (!line.startsWith("|")) break;
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells[0] === name) return { cells, date };
  }
  return null;
}
