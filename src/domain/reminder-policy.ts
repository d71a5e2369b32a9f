/** How an invoice is chased: the schedule the merchant sets (src/domain/reminders.ts computes it). */
export type ReminderAnchor = "sent" | "due";
export type ReminderStep = { anchor: ReminderAnchor; offset_days: number };
export type ReminderPolicy = {
  steps: ReminderStep[];
  /** Days between reminders after the last step while the invoice stays unpaid; null: no repeats. */
  repeat_every_days: number | null;
  max_reminders: number;
};
