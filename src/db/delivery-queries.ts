import { and, eq, lt, or, type SQL, sql } from "drizzle-orm";
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

/** Takes the row for this attempt: new, previously failed, or a "sending" older than `staleBefore`. */
export async function claimDelivery(db: Db, claim: DeliveryClaim, now: string, staleBefore: string): Promise<boolean> {
  const taken = await db
    .insert(deliveries)
    .values({ ...claim, status: "sending", attempts: 1, createdAt: now })
    .onConflictDoUpdate({
      target: [deliveries.accountId, deliveries.dedupeKey],
      set: { status: "sending", attempts: sql`${deliveries.attempts} + 1`, createdAt: now },
      setWhere: or(eq(deliveries.status, "failed"), and(eq(deliveries.status, "sending"), lt(deliveries.createdAt, staleBefore))),
    })
    .returning({ id: deliveries.id });
  return taken.length === 1;
}

const ofDelivery = (accountId: string, id: string) => and(eq(deliveries.id, id), eq(deliveries.accountId, accountId));

/** Marks the delivery failed; with an event (invoice.delivery_failed), in the same batch. */
export async function markDeliveryFailed(
  db: Db,
  accountId: string,
  id: string,
  error: string,
  accepted: string[],
  failed?: { invoiceId: string; event: NewEvent; now: string },
): Promise<void> {
  const update = db
    .update(deliveries)
    .set({ status: "failed", error: error.slice(0, 1000), acceptedRecipients: accepted })
    .where(ofDelivery(accountId, id));
  if (!failed) await update;
  else await db.batch([update, eventInsert(db, accountId, { type: "invoice", id: failed.invoiceId }, failed.event, failed.now)]);
}

/** The provider took the message: if recording it on the invoice fails, a retry records without resending. */
export async function markDeliveryAccepted(db: Db, accountId: string, id: string, accepted: string[]): Promise<void> {
  await db.update(deliveries).set({ status: "accepted", acceptedRecipients: accepted }).where(ofDelivery(accountId, id));
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
