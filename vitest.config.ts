import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  // Read on the Node side: workerd has no file system. The setup file applies them to the
  // per-file isolated D1 database.
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations, PUBLIC_BASE_URL: "https://invoices.test", STRIPE_WEBHOOK_SECRET: "whsec_test_endpoint_secret" },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/e2e/**", "test/conformance/**"],
      setupFiles: ["./test/helpers/apply-migrations.ts"],
      // Two files at a time even on two cores (vitest's default is cores − 1): a file spends most
      // of its time waiting on workerd, and the suite takes about half as long (measured here).
      maxWorkers: 2,
    },
  };
});
