/*
 * Invoice numbers are gapless and never reused per account and series (a legal requirement
 * in much of the EU): {PREFIX}-{YYYY}-{NNNN}, the year taken from the issue date, assigned
 * only at finalization.
 */

export function numberSeries(prefix: string, issueDate: string): string {
  return `${prefix}-${issueDate.slice(0, 4)}`;
}

export function formatInvoiceNumber(series: string, value: number): string {
  return `${series}-${String(value).padStart(4, "0")}`;
}
