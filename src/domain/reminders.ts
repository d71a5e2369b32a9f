import { addDays } from "./dates";

/*
 * Reminder schedule. The default reproduces seed 000: the first reminder 7 days after the
 * invoice was sent (sent 2024-01-20T12:00:00Z → 2024-01-27T12:00:00Z).
 */

export const DEFAULT_FIRST_REMINDER_DAYS = 7;

/** The instant of the first reminder after a send at `sentAt`. */
export function firstReminderAfterSend(sentAt: string, days = DEFAULT_FIRST_REMINDER_DAYS): string {
  const sent = new Date(sentAt);
  return `${addDays(sentAt.slice(0, 10), days)}T${sent.toISOString().slice(11, 19)}Z`;
}
