/**
 * npm run account:create -- --name "Acme Billing" [--email billing@acme.com] [--scopes invoices:read,invoices:write] [--remote]
 * Prints exactly one JSON object on stdout: {"account_id": "...", "api_key": "..."}.
 */
import { parseArgs } from "node:util";
import { createAccount } from "./lib/account";

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    email: { type: "string" },
    scopes: { type: "string" },
    remote: { type: "boolean", default: false },
  },
});

if (!values.name) {
  console.error('usage: npm run account:create -- --name "Acme Billing" [--email …] [--scopes a,b] [--remote]');
  process.exit(2);
}

try {
  const result = await createAccount({
    name: values.name,
    email: values.email,
    scopes: values.scopes
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    target: values.remote ? "--remote" : "--local",
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
