import { and, eq, gte } from "drizzle-orm";
import type { Db } from "./client";
import { invoiceEvents } from "./schema";

/** Whether a request with this Idempotency-Key recorded this event on the invoice since `since` (the key's lifetime). */
export async function hasEventForKey(db: Db, accountId: string, invoiceId: string, type: string, idempotencyKey: string, since: string): Promise<boolean> {
  const [row] = await db
    .select({ id: invoiceEvents.id })
    .from(invoiceEvents)
    .where(
      and(
        eq(invoiceEvents.accountId, accountId),
        eq(invoiceEvents.invoiceId, invoiceId),
        eq(invoiceEvents.idempotencyKey, idempotencyKey),
        eq(invoiceEvents.type, type),
        gte(invoiceEvents.createdAt, since),
      ),
    )
    .limit(1);
  return Boolean(row);
}
