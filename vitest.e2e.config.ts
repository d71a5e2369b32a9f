import { defineConfig } from "vitest/config";

// End-to-end: plain Node tests that drive a real `wrangler dev` over HTTP (and Chromium).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    globalSetup: ["./test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
