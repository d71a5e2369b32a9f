/*
 * Invoice numbers are gapless and never reused per account and series (a legal requirement
 * in much of the EU): {PREFIX}-{YYYY}-{NNNN}, the year taken from the issue date, assigned
 * only at finalization.
 */

export function numberSeries(prefix: string, issueDate: string): string {
  return `${prefix}-${issueDate.slice(0, 4)}`;
}

/** Digits of the sequence part, zero-padded (`0001`); more digits appear past 9999. */
export const SEQUENCE_DIGITS = 4;
