import { and, eq } from "drizzle-orm";
import type { Db } from "./client";
import { invoiceEvents } from "./schema";

/** Whether a request with this Idempotency-Key already recorded this event on the invoice. */
export async function hasEventForKey(db: Db, accountId: string, invoiceId: string, type: string, idempotencyKey: string): Promise<boolean> {
  const [row] = await db
    .select({ id: invoiceEvents.id })
    .from(invoiceEvents)
    .where(
      and(
        eq(invoiceEvents.accountId, accountId),
        eq(invoiceEvents.invoiceId, invoiceId),
        eq(invoiceEvents.idempotencyKey, idempotencyKey),
        eq(invoiceEvents.type, type),
      ),
    )
    .limit(1);
  return Boolean(row);
}
