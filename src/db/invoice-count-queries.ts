import { and, count, eq } from "drizzle-orm";
import type { Db } from "./client";
import { invoices } from "./schema";

/**
 * How many invoices a list matches over all its pages (Sequence's `totalResultSize`).
 * Only /api needs it; the (account_id, customer_id, …) and (account_id, created_at, …)
 * indexes answer it without reading rows.
 */
export async function countInvoices(db: Db, accountId: string, filter: { customerId?: string }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(invoices)
    .where(and(eq(invoices.accountId, accountId), filter.customerId ? eq(invoices.customerId, filter.customerId) : undefined));
  return row?.n ?? 0;
}
