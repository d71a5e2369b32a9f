import { type SQL, sql } from "drizzle-orm";
import { SEQUENCE_DIGITS } from "../domain/numbering";
import type { Db } from "./client";
import { invoiceSequences } from "./schema";

/*
 * Gapless numbers: the invoice's number is computed from its series' row inside the guarded
 * UPDATE that finalizes it, and the series advances in the same batch only if that UPDATE
 * happened, so numbers are gapless and unique under any concurrency.
 */

/**
 * `{label}-{NNNN}` for the next number of `series`, as SQL: the value is only known inside the
 * batch. The label is the series unless the series is kept apart under a key of its own
 * (credit notes: `creditNoteSeries`), so that no prefix an account picks can share a counter.
 */
export function nextNumber(accountId: string, series: string, label = series): SQL {
  const last = sql`(SELECT ${invoiceSequences.lastValue} FROM ${invoiceSequences} WHERE ${invoiceSequences.accountId} = ${accountId} AND ${invoiceSequences.series} = ${series})`;
  return sql`${label} || '-' || printf(${`%0${SEQUENCE_DIGITS}d`}, COALESCE(${last}, 0) + 1)`;
}

/** The counter key of a credit note series: never the same as an invoice series, whatever the prefixes. */
export const creditNoteSeries = (label: string) => `credit_note:${label}`;

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
