import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "./client";
import { idempotencyKeys } from "./schema";

export type StoredKey = typeof idempotencyKeys.$inferSelect;

const ofKey = (accountId: string, key: string) => and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key));

/**
 * Claims the key for a new request: one INSERT (after forgetting an expired claim), so of
 * concurrent duplicates exactly one gets it. False when the key is held or answered.
 */
export async function claimIdempotencyKey(
  db: Db,
  claim: { accountId: string; key: string; requestHash: string; now: string; lockedUntil: string; expiresAt: string },
): Promise<boolean> {
  const [, inserted] = await db.batch([
    db.delete(idempotencyKeys).where(and(ofKey(claim.accountId, claim.key), lt(idempotencyKeys.expiresAt, claim.now))),
    db
      .insert(idempotencyKeys)
      .values({
        accountId: claim.accountId,
        key: claim.key,
        requestHash: claim.requestHash,
        state: "in_progress",
        lockedUntil: claim.lockedUntil,
        createdAt: claim.now,
        expiresAt: claim.expiresAt,
      })
      .onConflictDoNothing({ target: [idempotencyKeys.accountId, idempotencyKeys.key] })
      .returning({ key: idempotencyKeys.key }),
  ]);
  return inserted.length === 1;
}

export async function findIdempotencyKey(db: Db, accountId: string, key: string): Promise<StoredKey | null> {
  const [row] = await db.select().from(idempotencyKeys).where(ofKey(accountId, key)).limit(1);
  return row ?? null;
}

/** Takes over a claim whose request died (its lock ran out); false when another retry took it first. */
export async function takeOverIdempotencyKey(db: Db, accountId: string, key: string, expiredLock: string, lockedUntil: string): Promise<boolean> {
  const taken = await db
    .update(idempotencyKeys)
    .set({ lockedUntil })
    .where(and(ofKey(accountId, key), eq(idempotencyKeys.lockedUntil, expiredLock)))
    .returning({ key: idempotencyKeys.key });
  return taken.length === 1;
}

export async function storeIdempotentResponse(db: Db, accountId: string, key: string, status: number, body: string): Promise<void> {
  await db.update(idempotencyKeys).set({ state: "done", responseStatus: status, responseBody: body }).where(ofKey(accountId, key));
}

export async function releaseIdempotencyKey(db: Db, accountId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(ofKey(accountId, key));
}

/** Forgets at most `limit` keys past their 24 h; returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Db, now: string, limit: number): Promise<number> {
  const purged = await db
    .delete(idempotencyKeys)
    .where(sql`rowid IN (SELECT rowid FROM ${idempotencyKeys} WHERE ${idempotencyKeys.expiresAt} < ${now} LIMIT ${limit})`)
    .returning({ key: idempotencyKeys.key });
  return purged.length;
}
