import { env } from "cloudflare:workers";

/**
 * What a Worker that died after its change committed but before the idempotency middleware
 * stored the answer leaves behind: the key still 'in_progress', its lock run out. A retry
 * with the key then runs the handler again, and must answer as the first request would have.
 */
export async function loseAnswer(accountId: string, key: string) {
  const res = await env.DB.prepare(
    `UPDATE idempotency_keys SET state = 'in_progress', response_status = NULL, response_body = NULL, locked_until = '2000-01-01T00:00:00.000Z'
     WHERE account_id = ? AND key = ?`,
  )
    .bind(accountId, key)
    .run();
  if (res.meta.changes !== 1) throw new Error(`no stored Idempotency-Key '${key}' to lose`);
}
