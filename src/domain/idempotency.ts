/** How long an Idempotency-Key stands for its first request: its answer is replayed, its change recognised. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Whether something made under an Idempotency-Key at `createdAt` is still that key's answer.
 * Past the TTL the middleware has forgotten the key and the request is a new one, not a retry.
 */
export const madeWithinKeyTtl = (createdAt: string, now: Date): boolean => now.getTime() - Date.parse(createdAt) < IDEMPOTENCY_KEY_TTL_MS;
