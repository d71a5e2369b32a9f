import { and, asc, eq, sql } from "drizzle-orm";
import { newId } from "../ids";
import type { Db } from "./client";
import { inJsonList } from "./json-list";
import { keyset, type PageRequest } from "./pagination";
import { events, webhookAttempts, webhookDeliveries } from "./schema";
import type { WebhookDeliveryRow } from "./webhook-delivery-queries";

/*
 * The delivery log a merchant reads (GET /v1/webhook_endpoints/{id}/deliveries) and the
 * redeliveries they ask for (POST /v1/events/{id}/redeliver).
 */

export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

/** A delivery with what the log shows beside it. */
export type LoggedDelivery = { row: WebhookDeliveryRow; eventType: string | null; attempts: WebhookAttemptRow[] };

export type DeliveryFilter = PageRequest & { status?: "pending" | "succeeded" | "failed"; event_id?: string };

/** An endpoint's deliveries, newest first, each with its attempts; null when the cursor names none of them. */
export async function listEndpointDeliveries(
  db: Db,
  accountId: string,
  endpointId: string,
  f: DeliveryFilter,
): Promise<{ data: LoggedDelivery[]; has_more: boolean } | null> {
  const ofEndpoint = and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.endpointId, endpointId));
  const cursorId = f.starting_after ?? f.ending_before;
  const [cursor] = cursorId
    ? await db
        .select({ createdAt: webhookDeliveries.createdAt, id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(ofEndpoint, eq(webhookDeliveries.id, cursorId)))
        .limit(1)
    : [];
  if (cursorId && !cursor) return null;
  const k = keyset(webhookDeliveries.createdAt, webhookDeliveries.id, "desc", f, cursor ? { value: cursor.createdAt, id: cursor.id } : null);
  const rows = await db
    .select({ row: webhookDeliveries, eventType: events.type })
    .from(webhookDeliveries)
    .leftJoin(events, and(eq(events.accountId, webhookDeliveries.accountId), eq(events.id, webhookDeliveries.eventId)))
    .where(
      and(
        ofEndpoint,
        f.status ? eq(webhookDeliveries.status, f.status) : undefined,
        f.event_id ? eq(webhookDeliveries.eventId, f.event_id) : undefined,
        k.condition,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.take);
  const page = k.finish(rows);
  const attempts = await attemptsOf(
    db,
    accountId,
    page.data.map((d) => d.row.id),
  );
  return { data: page.data.map((d) => ({ ...d, attempts: attempts.get(d.row.id) ?? [] })), has_more: page.has_more };
}

/** The attempts of these deliveries, oldest first; the ids travel as one JSON parameter (D1 binds at most 100). */
async function attemptsOf(db: Db, accountId: string, deliveryIds: string[]): Promise<Map<string, WebhookAttemptRow[]>> {
  const byDelivery = new Map<string, WebhookAttemptRow[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.accountId, accountId), inJsonList(webhookAttempts.deliveryId, deliveryIds)))
    // rowid breaks ties between attempts recorded in the same millisecond, in the order made.
    .orderBy(asc(webhookAttempts.attemptedAt), sql`rowid`);
  for (const r of rows) byDelivery.set(r.deliveryId, [...(byDelivery.get(r.deliveryId) ?? []), r]);
  return byDelivery;
}

/**
 * A fresh delivery of the event to each endpoint, due now, in one batch. Each has a key of its
 * own, so a redelivery is never mistaken for the fan-out's delivery or for another redelivery.
 */
export async function insertRedeliveries(db: Db, accountId: string, eventId: string, endpointIds: string[], now: string): Promise<WebhookDeliveryRow[]> {
  if (endpointIds.length === 0) return [];
  const inserts = endpointIds.map((endpointId) => {
    const id = newId("whd");
    return db
      .insert(webhookDeliveries)
      .values({
        id,
        accountId,
        endpointId,
        eventId,
        dedupeKey: `redeliver:${id}`,
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
  });
  const results = await db.batch(inserts as [(typeof inserts)[number], ...typeof inserts]);
  return (results as WebhookDeliveryRow[][]).flat();
}

/** A delivery as the API shows it, with its attempts. */
export function toWebhookDelivery({ row, eventType, attempts }: LoggedDelivery) {
  return {
    id: row.id,
    object: "webhook_delivery" as const,
    endpoint_id: row.endpointId,
    event_id: row.eventId,
    event_type: eventType,
    status: row.status as "pending" | "succeeded" | "failed",
    attempts: attempts.map((a) => ({
      attempted_at: a.attemptedAt,
      status_code: a.statusCode,
      duration_ms: a.durationMs,
      response_body: a.responseBody,
      error: a.error,
      next_attempt_at: a.nextAttemptAt,
    })),
    next_attempt_at: row.status === "pending" ? row.nextAttemptAt : null,
    created_at: row.createdAt,
    completed_at: row.completedAt,
  };
}
