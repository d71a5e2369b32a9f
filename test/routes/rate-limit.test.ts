import { describe, expect, it } from "vitest";
import { expectError, newAccount } from "../helpers/api";

describe("rate limiting", () => {
  it("answers 429 with Retry-After once a key exceeds 600 requests a minute, and other keys are unaffected", async () => {
    const noisy = await newAccount();
    const quiet = await newAccount();
    const statuses: number[] = [];
    for (let batch = 0; batch < 7; batch++) {
      const results = await Promise.all(Array.from({ length: 100 }, () => noisy.api.get("/v1/account")));
      statuses.push(...results.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(600);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100);
    const limited = await noisy.api.get("/v1/account");
    expectError(limited, 429, { type: "rate_limit_error", code: "rate_limited" });
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect((await quiet.api.get("/v1/account")).status).toBe(200);
  });
});
