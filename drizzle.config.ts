import { defineConfig } from "drizzle-kit";

// drizzle-kit writes into the same folder wrangler applies (wrangler.toml migrations_dir)
// and the test setup reads, so there is exactly one migration history.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
