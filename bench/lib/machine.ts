import { execFileSync } from "node:child_process";
import os from "node:os";
import { WRANGLER } from "./dev-server";

/** What the figures were measured on, for the head of BENCHMARKS.md. */
export function machineDescription(command: string, startedAt: Date, loadAtStart: number) {
  const cpus = os.cpus();
  const wranglerVersion = execFileSync(WRANGLER, ["--version"], { encoding: "utf8" }).trim();
  return [
    `- Date: ${startedAt.toISOString()}`,
    `- Command: \`${command}\``,
    `- Machine: ${os.availableParallelism()} CPUs (nproc), ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${os.loadavg()[0]!.toFixed(2)}: other work on the machine shares its ${os.availableParallelism()} CPUs`,
    `- Node ${process.version}, wrangler ${wranglerVersion}, Chromium ${chromiumVersion()}`,
    "- Everything on one machine: the load generator, wrangler dev (workerd + local D1/R2 on SQLite), the PDF engines. " +
      "Absolute figures are this machine's; the ratios are the point.",
  ].join("\n");
}

function chromiumVersion() {
  try {
    return execFileSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" })
      .trim()
      .replace(/^Chromium\s*/, "");
  } catch {
    return "unavailable";
  }
}
