import { and, asc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import { newId } from "../ids";
import type { Db } from "./client";
import type { EventRow } from "./event-queries";
import { events, webhookDeliveries, webhookEndpoints } from "./schema";

/*
 * The fan-out from the outbox to deliveries, and the sweep that finds what a dead Worker left
 * half-way. Every statement here is safe to run twice: deliveries are unique per (event,
 * endpoint), and marking an event dispatched twice changes nothing.
 */

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** The account's oldest events not yet turned into deliveries. */
export async function undispatchedEvents(db: Db, accountId: string, limit: number): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.accountId, accountId), isNull(events.dispatchedAt)))
    .orderBy(asc(events.createdAt), asc(events.id))
    .limit(limit);
}

export async function enabledEndpoints(db: Db, accountId: string): Promise<EndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.status, "enabled")));
}

export type PlannedDelivery = { eventId: string; endpointId: string };

/**
 * Creates the deliveries (those that exist already are left alone) and marks the events
 * dispatched, in one batch. Answers the ids of the deliveries this call created.
 */
export async function recordDispatch(db: Db, accountId: string, eventIds: string[], planned: PlannedDelivery[], now: string): Promise<string[]> {
  const inserts = planned.map((p) =>
    db
      .insert(webhookDeliveries)
      .values({
        id: newId("whd"),
        accountId,
        endpointId: p.endpointId,
        eventId: p.eventId,
        dedupeKey: `${p.eventId}:${p.endpointId}`,
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id }),
  );
  const mark = db
    .update(events)
    .set({ dispatchedAt: now })
    .where(and(eq(events.accountId, accountId), inArray(events.id, eventIds)));
  const results = await db.batch([mark, ...inserts]);
  return (results.slice(1) as { id: string }[][]).flat().map((r) => r.id);
}

/** Accounts with events written before `before` and still undispatched: their flush never happened. */
export async function accountsWithUndispatchedEvents(db: Db, before: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ accountId: events.accountId })
    .from(events)
    .where(and(isNull(events.dispatchedAt), lt(events.createdAt, before)))
    .limit(limit);
  return rows.map((r) => r.accountId);
}

/** Pending deliveries whose attempt was due before `before` and that no consumer holds: their message was lost. */
export async function strandedDeliveries(db: Db, before: string, now: string, limit: number): Promise<{ id: string; accountId: string }[]> {
  return db
    .select({ id: webhookDeliveries.id, accountId: webhookDeliveries.accountId })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, before),
        or(isNull(webhookDeliveries.leasedUntil), lt(webhookDeliveries.leasedUntil, now)),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
}
