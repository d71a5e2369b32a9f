/** Whether a request with this Idempotency-Key already recorded this event on the invoice. */
export async function hasEventForKey(d1: D1Database, accountId: string, invoiceId: string, type: string, idempotencyKey: string): Promise<boolean> {
  const row = await d1
    .prepare("SELECT 1 AS found FROM invoice_events WHERE account_id = ? AND invoice_id = ? AND idempotency_key = ? AND type = ? LIMIT 1")
    .bind(accountId, invoiceId, idempotencyKey, type)
    .first();
  return row !== null;
}
