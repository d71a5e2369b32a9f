/** How long an Idempotency-Key stands for its first request: its answer is replayed, its change recognised. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
