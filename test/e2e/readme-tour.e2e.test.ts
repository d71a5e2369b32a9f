import { execFileSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, inject, it } from "vitest";
import { createAccount } from "../../scripts/lib/account";

const baseUrl = inject("baseUrl");

/** The README's tour, as a reader would paste it, pointed at this run's server and a key of its own. */
function tourScript(apiKey: string): string {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## A tour"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README has no tour block");
  const [first, ...rest] = block.split("\n");
  expect(first).toContain("KEY=$(cat .wrangler/dev-api-key)");
  return [`KEY='${apiKey}'; API='${baseUrl}'`, ...rest, 'echo "TOUR_INVOICE=$INVOICE"'].join("\n").replaceAll("http://127.0.0.1:8787", baseUrl);
}

it("runs the README tour as written, and the invoice ends as its comments say: sent, then partially paid", async () => {
  // An account of its own: the tour renames its account, which the other e2e files must not see.
  const account = await createAccount({ name: "Tour", target: "--local" });
  const cwd = mkdtempSync(path.join(tmpdir(), "readme-tour-"));
  // stderr to a file: the tour tees a response to /dev/stderr, which must be something it can open.
  const stderr = path.join(cwd, "stderr.txt");
  const result = execFileSync("bash", ["-euo", "pipefail", "-c", tourScript(account.api_key)], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", openSync(stderr, "w")],
  });
  const created = JSON.parse(readFileSync(stderr, "utf8"));
  expect(created).toMatchObject({ status: "sent", subtotal: 649500, tax_amount: 48000, total_amount: 697500 });
  const invoiceId = /TOUR_INVOICE=(inv_\w+)/.exec(result)?.[1];
  expect(invoiceId, result).toBeTruthy();

  const headers = { Authorization: `Bearer ${account.api_key}` };
  const invoice = (await (await fetch(`${baseUrl}/v1/invoices/${invoiceId}`, { headers })).json()) as any;
  expect(invoice).toMatchObject({
    status: "partially_paid",
    subtotal: 649500,
    tax_amount: 48000,
    total_amount: 697500,
    amount_paid: 200000,
    amount_due: 497500,
  });
  expect(invoice.sent_count).toBe(2);
  expect(invoice.invoice_number).toBe(`INV-${new Date().getUTCFullYear()}-0001`);
  const events = (await (await fetch(`${baseUrl}/v1/invoices/${invoiceId}/events`, { headers })).json()) as any;
  const types = events.data.map((e: { type: string }) => e.type);
  expect(types).toEqual(expect.arrayContaining(["invoice.created", "invoice.finalized", "invoice.sent", "invoice.payment_succeeded"]));
  // Overdue would mean the tour's dates are in the past again.
  expect(types).not.toContain("invoice.overdue");
  expect(readFileSync(path.join(cwd, "invoice.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
});
