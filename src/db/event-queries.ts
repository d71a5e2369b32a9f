import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { EventType } from "../domain/event-types";
import type { Db } from "./client";
import { keyset, type PageRequest } from "./pagination";
import { creditNotes, events } from "./schema";

export type EventRow = typeof events.$inferSelect;

/** Whether a request with this Idempotency-Key recorded this event on the object since `since` (the key's lifetime). */
export async function hasEventForKey(db: Db, accountId: string, objectId: string, type: string, idempotencyKey: string, since: string): Promise<boolean> {
  const [row] = await db
    .select({ id: events.id })
    .from(events)
    .where(
      and(
        eq(events.accountId, accountId),
        eq(events.objectId, objectId),
        eq(events.idempotencyKey, idempotencyKey),
        eq(events.type, type),
        gte(events.createdAt, since),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * An invoice's timeline: its own events and those of its credit notes (credit_note.created,
 * credit_note.voided), which are recorded on the note, as GET /v1/events?object_id=<note id>
 * shows them. The notes are found by credit_notes_account_invoice_idx and each id's events
 * by (account_id, object_id), so the cost follows the invoice's events, not the account's.
 */
export async function listInvoiceTimeline(db: Db, accountId: string, invoiceId: string): Promise<EventRow[]> {
  const notes = sql`SELECT ${creditNotes.id} FROM ${creditNotes} WHERE ${creditNotes.accountId} = ${accountId} AND ${creditNotes.invoiceId} = ${invoiceId}`;
  return (
    db
      .select()
      .from(events)
      .where(and(eq(events.accountId, accountId), sql`${events.objectId} IN (SELECT ${invoiceId} UNION ALL ${notes})`))
      // `+` keeps SQLite from walking events_account_created_idx (every event of the account) for
      // the order; a timeline is a few dozen rows, sorted after the object lookups. rowid breaks
      // ties between events written in the same millisecond, in insertion order.
      .orderBy(sql`+${events.createdAt}`, sql`rowid`)
  );
}

/** Only events about these kinds of object (those the caller's scopes may read); all when absent. */
type ObjectTypes = readonly string[] | undefined;

const about = (objectTypes: ObjectTypes) => (objectTypes ? inArray(events.objectType, [...objectTypes]) : undefined);

export async function findEvent(db: Db, accountId: string, id: string, objectTypes?: ObjectTypes): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.accountId, accountId), eq(events.id, id), about(objectTypes)))
    .limit(1);
  return row;
}

export type EventFilter = PageRequest & { types?: string[]; created_gte?: string; created_lt?: string; object_id?: string; objectTypes?: ObjectTypes };

/** The account's feed, newest first; null when the cursor names no event of the account (that the filter lets through). */
export async function listEvents(db: Db, accountId: string, f: EventFilter): Promise<{ data: EventRow[]; has_more: boolean } | null> {
  const cursorId = f.starting_after ?? f.ending_before;
  const cursor = cursorId ? await findEvent(db, accountId, cursorId, f.objectTypes) : undefined;
  if (cursorId && !cursor) return null;
  const k = keyset(events.createdAt, events.id, "desc", f, cursor ? { value: cursor.createdAt, id: cursor.id } : null);
  const rows = await db
    .select()
    .from(events)
    .where(
      and(
        eq(events.accountId, accountId),
        f.types?.length ? inArray(events.type, f.types) : undefined,
        f.created_gte ? gte(events.createdAt, f.created_gte) : undefined,
        f.created_lt ? lt(events.createdAt, f.created_lt) : undefined,
        f.object_id ? eq(events.objectId, f.object_id) : undefined,
        about(f.objectTypes),
        k.condition,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.take);
  return k.finish(rows);
}

/** An event as the API shows it (GET /v1/events, an invoice's timeline, webhook bodies). */
export function toEvent(row: EventRow) {
  return {
    id: row.id,
    object: "event" as const,
    type: row.type as EventType,
    created_at: row.createdAt,
    data: row.data as { object: Record<string, unknown> } & Record<string, unknown>,
    actor: row.actor,
    request: { id: row.requestId, idempotency_key: row.idempotencyKey },
  };
}
