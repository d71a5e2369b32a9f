import { and, eq, exists, isNotNull, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { newId } from "../ids";
import type { Db } from "./client";
import type { EndpointRow } from "./dispatch-queries";
import type { EventRow } from "./event-queries";
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from "./schema";

/*
 * One delivery's life after the fan-out: the claim a consumer takes before its request, and the
 * batch that records what happened. Every write after the claim is guarded by the lease the
 * claim stamped, so a consumer that outlived its lease (and whose delivery another one took
 * over) changes nothing.
 */

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A claimed delivery: `lease` is the leased_until the claim wrote, the token later writes test. */
export type ClaimedDelivery = WebhookDeliveryRow & { lease: string };

const ofDelivery = (accountId: string, id: string) => and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.id, id));

/**
 * Takes a pending delivery that is due (up to `slackMs` early: a delayed message may arrive a
 * moment before its time) and that no consumer holds; null for a duplicate or early message.
 */
export async function claimWebhookDelivery(
  db: Db,
  accountId: string,
  id: string,
  now: Date,
  leaseMs: number,
  slackMs: number,
): Promise<ClaimedDelivery | null> {
  const nowIso = now.toISOString();
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  const [row] = await db
    .update(webhookDeliveries)
    .set({ leasedUntil: lease })
    .where(
      and(
        ofDelivery(accountId, id),
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, new Date(now.getTime() + slackMs).toISOString()),
        or(isNull(webhookDeliveries.leasedUntil), lt(webhookDeliveries.leasedUntil, nowIso)),
      ),
    )
    .returning();
  return row ? { ...row, lease } : null;
}

/** The event and the endpoint a delivery is for, in one round trip; either may be gone. */
export async function deliveryTarget(db: Db, d: WebhookDeliveryRow): Promise<{ event?: EventRow; endpoint?: EndpointRow }> {
  const [eventRows, endpointRows] = await db.batch([
    db
      .select()
      .from(events)
      .where(and(eq(events.accountId, d.accountId), eq(events.id, d.eventId)))
      .limit(1),
    db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.accountId, d.accountId), eq(webhookEndpoints.id, d.endpointId)))
      .limit(1),
  ]);
  return { event: eventRows[0], endpoint: endpointRows[0] };
}

export type AttemptRecord = {
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
  nextAttemptAt: string | null;
};

/** What the delivery row becomes after an attempt. */
export type DeliveryOutcome = { status: "pending" | "succeeded" | "failed"; attempts: number; nextAttemptAt: string | null };

/**
 * Records an attempt and its outcome in one batch: the attempt row, the delivery, and the
 * endpoint's run of failures (`endpointHealth`: a success ends it, a failure starts it if none
 * is running; null for a delivery failed without a request, which says nothing of the receiver).
 * False when the lease was lost and nothing was written.
 */
export async function recordAttempt(
  db: Db,
  d: ClaimedDelivery,
  attempt: AttemptRecord,
  outcome: DeliveryOutcome,
  endpointHealth: "succeeded" | "failed" | null,
): Promise<boolean> {
  const now = attempt.attemptedAt;
  const held = and(ofDelivery(d.accountId, d.id), eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.leasedUntil, d.lease));
  const holds = exists(db.select({ one: sql`1` }).from(webhookDeliveries).where(held));
  const endpoint = and(eq(webhookEndpoints.accountId, d.accountId), eq(webhookEndpoints.id, d.endpointId));
  const health =
    endpointHealth === "succeeded"
      ? [
          db
            .update(webhookEndpoints)
            .set({ failingSince: null })
            .where(and(endpoint, isNotNull(webhookEndpoints.failingSince))),
        ]
      : endpointHealth === "failed"
        ? [
            db
              .update(webhookEndpoints)
              .set({ failingSince: now })
              .where(and(endpoint, isNull(webhookEndpoints.failingSince))),
          ]
        : [];
  const [, updated] = await db.batch([
    // First, while the guard still sees the delivery pending and held.
    attemptInsert(db, d, attempt, holds),
    db
      .update(webhookDeliveries)
      .set({
        status: outcome.status,
        attempts: outcome.attempts,
        nextAttemptAt: outcome.nextAttemptAt,
        leasedUntil: null,
        ...(attempt.statusCode !== null ? { lastStatusCode: attempt.statusCode } : {}),
        completedAt: outcome.status === "pending" ? null : now,
        updatedAt: now,
      })
      .where(held)
      .returning({ id: webhookDeliveries.id }),
    ...health,
  ]);
  return updated.length === 1;
}

/** Lets go of a claim after an unexpected error, so the queue's retry of the message can claim it again. */
export async function releaseDelivery(db: Db, d: ClaimedDelivery): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ leasedUntil: null })
    .where(and(ofDelivery(d.accountId, d.id), eq(webhookDeliveries.leasedUntil, d.lease)));
}

/**
 * Fails a delivery still pending, with the reason as its last attempt's error: for a message
 * whose processing failed every retry, so the sweep stops queueing it. Whoever holds it loses it.
 */
export async function failPendingDelivery(db: Db, accountId: string, id: string, error: string, now: string): Promise<void> {
  const pending = and(ofDelivery(accountId, id), eq(webhookDeliveries.status, "pending"));
  const attempt: AttemptRecord = { attemptedAt: now, statusCode: null, durationMs: 0, responseBody: null, error, nextAttemptAt: null };
  await db.batch([
    attemptInsert(db, { accountId, id }, attempt, exists(db.select({ one: sql`1` }).from(webhookDeliveries).where(pending))),
    db.update(webhookDeliveries).set({ status: "failed", nextAttemptAt: null, leasedUntil: null, completedAt: now, updatedAt: now }).where(pending),
  ]);
}

/** INSERT … SELECT <the attempt> WHERE <guard>: the columns in the table's order. */
function attemptInsert(db: Db, d: { accountId: string; id: string }, a: AttemptRecord, guard: SQL) {
  return db.insert(webhookAttempts).select(
    db
      .select({
        id: sql`${newId("wha")}`.as("id"),
        accountId: sql`${d.accountId}`.as("account_id"),
        deliveryId: sql`${d.id}`.as("delivery_id"),
        attemptedAt: sql`${a.attemptedAt}`.as("attempted_at"),
        statusCode: sql`${a.statusCode}`.as("status_code"),
        durationMs: sql`${Math.round(a.durationMs)}`.as("duration_ms"),
        responseBody: sql`${a.responseBody}`.as("response_body"),
        error: sql`${a.error?.slice(0, 1000) ?? null}`.as("error"),
        nextAttemptAt: sql`${a.nextAttemptAt}`.as("next_attempt_at"),
      })
      .from(sql`(SELECT 1)`)
      .where(guard),
  );
}
