import { and, eq, exists, lte, sql } from "drizzle-orm";
import type { Db } from "./client";
import type { EndpointRow } from "./dispatch-queries";
import { eventInsert } from "./event-writes";
import { webhookEndpoints } from "./schema";
import { toWebhookEndpoint } from "./webhook-endpoint-queries";

export const ENDPOINT_DISABLED_ACTOR = "system:webhooks";

/**
 * Disables an endpoint that has failed since `row.failingSince` (no later than `cutoff`), with
 * its webhook_endpoint.disabled event, in one batch. The write applies only to the row as
 * read (still enabled, the same run of failures, not changed since), so of concurrent
 * deliveries that each find it failing too long exactly one disables it and writes the event;
 * it alone gets the row back (null for the others).
 */
export async function disableFailingEndpoint(db: Db, row: EndpointRow, reason: string, cutoff: string, now: string): Promise<EndpointRow | null> {
  if (!row.failingSince) return null;
  const asRead = and(
    eq(webhookEndpoints.accountId, row.accountId),
    eq(webhookEndpoints.id, row.id),
    eq(webhookEndpoints.status, "enabled"),
    eq(webhookEndpoints.failingSince, row.failingSince),
    lte(webhookEndpoints.failingSince, cutoff),
    eq(webhookEndpoints.updatedAt, row.updatedAt),
  );
  // Strictly after the row's own stamp, so a reader ordering by updated_at sees the change.
  const updatedAt = new Date(Math.max(Date.parse(now), Date.parse(row.updatedAt) + 1)).toISOString();
  const written: EndpointRow = { ...row, status: "disabled", disabledReason: reason, updatedAt };
  const [, disabled] = await db.batch([
    // The event first, while its guard can still see the endpoint as read.
    eventInsert(
      db,
      row.accountId,
      { type: "webhook_endpoint", id: row.id },
      { type: "webhook_endpoint.disabled", object: toWebhookEndpoint(written), actor: ENDPOINT_DISABLED_ACTOR },
      now,
      exists(db.select({ one: sql`1` }).from(webhookEndpoints).where(asRead)),
    ),
    db.update(webhookEndpoints).set({ status: "disabled", disabledReason: reason, updatedAt }).where(asRead).returning(),
  ]);
  return disabled[0] ?? null;
}
