import { type SQL, sql } from "drizzle-orm";
import { SEQUENCE_DIGITS } from "../domain/numbering";
import type { Db } from "./client";
import { invoiceSequences } from "./schema";

/*
 * Gapless numbers: the invoice's number is computed from its series' row inside the guarded
 * UPDATE that finalizes it, and the series advances in the same batch only if that UPDATE
 * happened, so numbers are gapless and unique under any concurrency.
 */

/** `{series}-{NNNN}` for the next number, as SQL: the value is only known inside the batch. */
export function nextNumber(accountId: string, series: string): SQL {
  const last = sql`(SELECT ${invoiceSequences.lastValue} FROM ${invoiceSequences} WHERE ${invoiceSequences.accountId} = ${accountId} AND ${invoiceSequences.series} = ${series})`;
  return sql`${series} || '-' || printf(${`%0${SEQUENCE_DIGITS}d`}, COALESCE(${last}, 0) + 1)`;
}

/** Advances the series by one, only if `guard` holds (INSERT … SELECT … WHERE guard). */
export function advanceSeries(db: Db, accountId: string, series: string, guard: SQL) {
  return db
    .insert(invoiceSequences)
    .select(
      db
        .select({ accountId: sql`${accountId}`.as("account_id"), series: sql`${series}`.as("series"), lastValue: sql`1`.as("last_value") })
        .from(sql`(SELECT 1)`)
        .where(guard),
    )
    .onConflictDoUpdate({ target: [invoiceSequences.accountId, invoiceSequences.series], set: { lastValue: sql`${invoiceSequences.lastValue} + 1` } });
}
