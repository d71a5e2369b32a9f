import { and, eq, exists, lt, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "./client";
import { eventInsert, type NewEvent } from "./event-writes";
import type { DeliveryRow } from "./invoice-state-queries";
import { deliveries } from "./schema";

/*
 * One row per delivery key (an Idempotency-Key's send, a reminder step): the claim before the
 * provider is called, what the provider accepted, and "sent" once the invoice records it.
 */

export type DeliveryClaim = Pick<
  DeliveryRow,
  "id" | "accountId" | "invoiceId" | "kind" | "dedupeKey" | "messageId" | "recipients" | "subject" | "message" | "attachments"
>;

export async function findDeliveryStatus(db: Db, accountId: string, dedupeKey: string): Promise<string | null> {
  const [row] = await db
    .select({ status: deliveries.status })
    .from(deliveries)
    .where(and(eq(deliveries.accountId, accountId), eq(deliveries.dedupeKey, dedupeKey)))
    .limit(1);
  return row?.status ?? null;
}

/**
 * What identifies one attempt's claim: the row it took, stamped with the claim's time and count.
 * A takeover (of a "sending" gone stale) stamps a later time and a higher count.
 */
export type HeldDelivery = { accountId: string; id: string; claimedAt: string; attempts: number };

/** Takes the row for this attempt: new, previously failed, or a "sending" older than `staleBefore`; null when another attempt holds it. */
export async function claimDelivery(db: Db, claim: DeliveryClaim, now: string, staleBefore: string): Promise<HeldDelivery | null> {
  const [taken] = await db
    .insert(deliveries)
    .values({ ...claim, status: "sending", attempts: 1, createdAt: now })
    .onConflictDoUpdate({
      target: [deliveries.accountId, deliveries.dedupeKey],
      set: { status: "sending", attempts: sql`${deliveries.attempts} + 1`, createdAt: now },
      setWhere: or(eq(deliveries.status, "failed"), and(eq(deliveries.status, "sending"), lt(deliveries.createdAt, staleBefore))),
    })
    .returning({ id: deliveries.id, attempts: deliveries.attempts });
  return taken ? { accountId: claim.accountId, id: taken.id, claimedAt: now, attempts: taken.attempts } : null;
}

const ofDelivery = (accountId: string, id: string) => and(eq(deliveries.id, id), eq(deliveries.accountId, accountId));

/** The row is still "sending" under this claim: no later attempt took it over, none recorded it. */
const stillHeld = (held: HeldDelivery) =>
  and(ofDelivery(held.accountId, held.id), eq(deliveries.status, "sending"), eq(deliveries.createdAt, held.claimedAt), eq(deliveries.attempts, held.attempts));

/**
 * Marks the delivery failed; with an event (invoice.delivery_failed), in the same batch. Only
 * while the claim is still this attempt's: a send that hung past its lease, after another
 * attempt took over (and perhaps sent), must neither undo that nor announce a failure.
 * False when the claim was lost and nothing was written.
 */
export async function markDeliveryFailed(
  db: Db,
  held: HeldDelivery,
  error: string,
  accepted: string[],
  failed?: { invoiceId: string; event: NewEvent; now: string },
): Promise<boolean> {
  const update = db
    .update(deliveries)
    .set({ status: "failed", error: error.slice(0, 1000), acceptedRecipients: accepted })
    .where(stillHeld(held))
    .returning({ id: deliveries.id });
  if (!failed) return (await update).length === 1;
  const holds = exists(db.select({ one: sql`1` }).from(deliveries).where(stillHeld(held)));
  // The event first, while its guard can still see the claim the update ends.
  const [, updated] = await db.batch([eventInsert(db, held.accountId, { type: "invoice", id: failed.invoiceId }, failed.event, failed.now, holds), update]);
  return updated.length === 1;
}

/**
 * The provider took the message: if recording it on the invoice fails, a retry records without
 * resending. Only while the claim is this attempt's, like markDeliveryFailed.
 */
export async function markDeliveryAccepted(db: Db, held: HeldDelivery, accepted: string[]): Promise<void> {
  await db.update(deliveries).set({ status: "accepted", acceptedRecipients: accepted }).where(stillHeld(held));
}

/** The statement that marks the delivery sent, in the batch that records it on the invoice. */
export const deliverySent = (db: Db, accountId: string, id: string, sentAt: string, guard: SQL) =>
  db
    .update(deliveries)
    .set({ status: "sent", sentAt, error: null })
    .where(and(ofDelivery(accountId, id), guard));

export async function noteDeliveryError(db: Db, accountId: string, id: string, error: string): Promise<void> {
  await db.update(deliveries).set({ error }).where(ofDelivery(accountId, id));
}

/** Marks sent a delivery that nothing else records (a credit note's email changes no invoice). */
export async function markDeliverySent(db: Db, accountId: string, id: string, sentAt: string): Promise<void> {
  await db.update(deliveries).set({ status: "sent", sentAt, error: null }).where(ofDelivery(accountId, id));
}
