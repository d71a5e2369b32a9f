/*
 * What writing its event costs a state change, measured rather than remembered: the floor's
 * create and send three ways, in interleaved rounds on one server (bench/floor-worker, path
 * prefixes): with the API's event row (the invoice as answered in data.object), with the row
 * the change wrote before outbound webhooks (invoice_events, a few fields of data), and with
 * no event statement. The API's own figure from the same run stands beside them, with the one
 * from the last committed BENCHMARKS.md for reference.
 */
import type { BenchServer } from "./dev-server";
import type { LoadResult } from "./load";
import { ms, previousRow, type Table } from "./report";
import { type Endpoint, SEND_POOL, sendSpec, writes } from "./workload";

type Interleaved = (endpoints: Endpoint[], servers: BenchServer[], by?: (r: LoadResult) => number) => Promise<Map<string, LoadResult[]>>;

const VARIANTS = [
  { label: "snapshot event", prefix: "" },
  { label: "pre-webhooks event", prefix: "/before" },
  { label: "no event", prefix: "/no-event" },
] as const;

export const API_TABLE_TITLE = "API against its floor";

const signed = (v: number) => `${v < 0 ? "−" : "+"}${ms(Math.abs(v))}`;

/** The three floor variants of one write endpoint; send's share one counter, so none re-sends an invoice. */
function variantsOf(e: Endpoint): Endpoint[] {
  // The main table's sends took the pool's first invoices; these take the second half.
  const shared = e.name === "send with PDF" ? sendSpec(SEND_POOL / 2) : null;
  return VARIANTS.map((v) => ({
    ...e,
    name: `${e.name}, floor ${v.label}`,
    spec: () => {
      const spec = shared ?? e.spec();
      return { ...spec, path: () => `${v.prefix}${spec.path()}` };
    },
  }));
}

export async function eventCostTable(
  floor: BenchServer,
  interleaved: Interleaved,
  api: Map<string, { api: LoadResult }>,
  committed: string | null,
): Promise<Table> {
  const rows: string[][] = [];
  let before = "?";
  for (const e of writes) {
    const variants = variantsOf(e);
    // The round with the lowest mean: the Δ columns compare means.
    const measured = await interleaved(variants, [floor], (r) => r.mean);
    const [now, old, none] = variants.map((v) => measured.get(v.name)![0]!);
    const previous = previousRow(committed, API_TABLE_TITLE, e.name);
    if (previous) before = previous.date;
    const a = api.get(e.name)?.api;
    rows.push([
      e.name,
      a ? ms(a.p50) : "–",
      previous?.cells[1] ?? "–",
      ms(now!.p50),
      ms(old!.p50),
      ms(none!.p50),
      signed(now!.mean - old!.mean),
      signed(now!.mean - none!.mean),
      `${now!.rps.toFixed(0)} / ${old!.rps.toFixed(0)} / ${none!.rps.toFixed(0)}`,
    ]);
  }
  return {
    title: "State change with its event: now vs. before outbound webhooks",
    header: [
      "state change",
      "API p50 ms",
      `API p50 ms, ${before.slice(0, 10)}`,
      "floor p50 ms: snapshot event",
      "pre-webhooks event",
      "no event",
      "Δ mean ms vs pre-webhooks",
      "Δ mean ms vs no event",
      "floor req/s (same order)",
    ],
    rows,
    note:
      "The added latency is measured, not remembered: the floor runs each change three ways in interleaved rounds on one server, identical but for the event " +
      "statement in the change's batch: the API's row in `events` (its `data.object` the invoice as answered: about 2 KB of JSON built and bound per change), " +
      "the row the change wrote before outbound webhooks (`invoice_events`, with only a total or the delivery's recipients in `data`; a bench-only copy of the " +
      "dropped table in the floor's database), and none. Each variant keeps its round with the lowest mean latency, and the Δ columns compare means " +
      "(autocannon's percentiles have 1 ms resolution, coarser than the difference); a Δ smaller than the spread between rounds (send's, with a PDF " +
      "render in every request) is noise. The API column is this run's (the table above); the dated column is the API's p50 in the last committed " +
      "BENCHMARKS.md, for reference only: another run on a shared machine, and, once a run after outbound webhooks is committed, no longer a figure " +
      "from before them. Not in the floor: the dispatch message the API queues after each write's answer and the consumer's dispatch of the event " +
      "(with no endpoint subscribed, D1 reads and a batch marking it dispatched), which share the API's workerd and CPUs during the load.",
  };
}
