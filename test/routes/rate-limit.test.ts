import { describe, expect, it } from "vitest";
import { expectError, newAccount } from "../helpers/api";

describe("rate limiting", () => {
  it("answers 429 with Retry-After once a key exceeds 600 requests a minute, and other keys are unaffected", { timeout: 120_000 }, async () => {
    const noisy = await newAccount();
    const quiet = await newAccount();
    // The binding counts in fixed windows; a window may end mid-test, so keep going (bounded)
    // until one window overflows.
    let ok = 0;
    let limited: Awaited<ReturnType<typeof noisy.api.get>> | undefined;
    for (let batch = 0; batch < 14 && !limited; batch++) {
      const results = await Promise.all(Array.from({ length: 100 }, () => noisy.api.get("/v1/account")));
      ok += results.filter((r) => r.status === 200).length;
      limited = results.find((r) => r.status === 429);
    }
    expect(limited, "no 429 after 1,400 requests").toBeDefined();
    expect(ok).toBeGreaterThanOrEqual(600);
    expectError(limited!, 429, { type: "rate_limit_error", code: "rate_limited" });
    expect(limited!.headers.get("Retry-After")).toBe("60");
    expect((await quiet.api.get("/v1/account")).status).toBe(200);
  });
});
