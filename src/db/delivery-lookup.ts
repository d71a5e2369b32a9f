import { and, eq } from "drizzle-orm";
import type { Db } from "./client";
import { deliveries } from "./schema";

/** Whether the delivery with this dedupe key has gone out and been recorded on its invoice. */
export async function isDeliverySent(db: Db, accountId: string, dedupeKey: string): Promise<boolean> {
  const row = await db.query.deliveries.findFirst({
    columns: { status: true },
    where: and(eq(deliveries.accountId, accountId), eq(deliveries.dedupeKey, dedupeKey)),
  });
  return row?.status === "sent";
}
