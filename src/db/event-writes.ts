import { type SQL, sql } from "drizzle-orm";
import { randomToken } from "../ids";
import type { Db } from "./client";
import { events } from "./schema";

/** What an event is about. */
export type EventSubject = { type: "invoice" | "customer" | "webhook_endpoint" | "credit_note" | "invoice_schedule"; id: string };

export type NewEvent = {
  type: string;
  /** The resource as the API returns it once the change is written: `data.object`. */
  object: unknown;
  /** Facts beside the object, kept in `data` next to it (the payment, the fields changed). */
  detail?: Record<string, unknown>;
  actor: string;
  requestId?: string | null;
  /** The request's Idempotency-Key: a retry whose answer was lost recognises its own change by it. */
  idempotencyKey?: string | null;
  /** Values of `data` only known inside the batch (an invoice's new number): path and SQL. */
  patches?: EventPatch[];
};

export type EventPatch = { path: string; value: SQL };

let eventCounter = 0;

/**
 * Event ids sort in the order they were made: the feed and the timeline are read by
 * (created_at, id), and the events of one batch (payment_succeeded, then paid) share
 * created_at, so a random id would shuffle them. Time and a per-isolate counter first,
 * randomness after for uniqueness.
 */
export function newEventId(now = Date.now()): string {
  eventCounter = (eventCounter + 1) % 36 ** 4;
  return `evt_${now.toString(36).padStart(9, "0")}${eventCounter.toString(36).padStart(4, "0")}${randomToken(10)}`;
}

/**
 * Records an event in the outbox (the `events` table); with a guard, only if the batch's
 * guarded write happened, so an event exists exactly when its change does.
 */
export function eventInsert(db: Db, accountId: string, subject: EventSubject, e: NewEvent, now: string, guard?: SQL) {
  const values = {
    id: newEventId(Date.parse(now) || Date.now()),
    accountId,
    type: e.type,
    objectType: subject.type,
    objectId: subject.id,
    data: { object: e.object, ...e.detail },
    actor: e.actor,
    requestId: e.requestId ?? null,
    idempotencyKey: e.idempotencyKey ?? null,
    createdAt: now,
    dispatchedAt: null,
  };
  const json = JSON.stringify(values.data);
  const data = e.patches?.length ? sql`json_set(${json}${sql.join(e.patches.map((p) => sql`, ${p.path}, ${p.value}`))})` : sql`${json}`;
  if (!guard && !e.patches?.length) return db.insert(events).values(values);
  // INSERT … SELECT <the values> WHERE <guard>: the row exists only if the guarded write happened.
  // The select's columns follow the table's order.
  return db.insert(events).select(
    db
      .select({
        id: sql`${values.id}`.as("id"),
        accountId: sql`${accountId}`.as("account_id"),
        type: sql`${values.type}`.as("type"),
        objectType: sql`${values.objectType}`.as("object_type"),
        objectId: sql`${values.objectId}`.as("object_id"),
        data: data.as("data"),
        actor: sql`${values.actor}`.as("actor"),
        requestId: sql`${values.requestId}`.as("request_id"),
        idempotencyKey: sql`${values.idempotencyKey}`.as("idempotency_key"),
        createdAt: sql`${now}`.as("created_at"),
        dispatchedAt: sql`NULL`.as("dispatched_at"),
      })
      .from(sql`(SELECT 1)`)
      .where(guard ?? sql`1`),
  );
}
