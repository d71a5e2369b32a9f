import { defineConfig } from "vitest/config";

// EN 16931 conformance: a corpus of invoices and credit notes rendered by a real `wrangler dev`
// and checked with the official CEN validator (EN16931_VALIDATE names its command).
export default defineConfig({
  test: {
    include: ["test/conformance/**/*.conformance.test.ts"],
    globalSetup: ["./test/conformance/require-validator.ts", "./test/e2e/global-setup.ts"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
