/** One bounded autocannon run against a loopback server. */
import autocannon from "autocannon";

export type LoadSpec = {
  method: "GET" | "POST";
  /** Called per request, so each can name another invoice. */
  path: () => string;
  body?: () => string;
};

/** Latencies in ms; `mean` has sub-millisecond resolution where the percentiles have 1 ms. */
export type LoadResult = { p50: number; p99: number; mean: number; rps: number; requests: number; failures: number };

export const LOAD = { connections: 10, seconds: 5, warmupSeconds: 1 } as const;

export async function load(baseUrl: string, token: string, spec: LoadSpec, seconds: number = LOAD.seconds): Promise<LoadResult> {
  if (!baseUrl.startsWith("http://127.0.0.1:")) throw new Error(`bench traffic stays on loopback, not ${baseUrl}`);
  const result = await autocannon({
    url: baseUrl,
    connections: LOAD.connections,
    duration: seconds,
    timeout: 30,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    requests: [
      {
        method: spec.method,
        setupRequest: (req) => ({ ...req, path: spec.path(), ...(spec.body ? { body: spec.body() } : {}) }),
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    rps: result.requests.average,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
