/*
 * The events the API records and webhook endpoints subscribe to. Each carries the object it
 * is about as the API returned it at that moment (`data.object`), so a receiver needs no
 * call back to act on one, and events arriving out of order can be told apart by
 * `created_at` (delivery order is not guaranteed).
 */
export const EVENT_TYPES = [
  "invoice.created",
  "invoice.updated",
  "invoice.deleted",
  "invoice.finalized",
  "invoice.sent",
  "invoice.viewed",
  "invoice.payment_succeeded",
  "invoice.paid",
  "invoice.overdue",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "invoice.reminder_sent",
  "invoice.reminders_stopped",
  "invoice.delivery_failed",
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "customer.balance_updated",
  "credit_note.created",
  "credit_note.voided",
  "invoice_schedule.created",
  "invoice_schedule.updated",
  "invoice_schedule.paused",
  "invoice_schedule.resumed",
  "invoice_schedule.canceled",
  "invoice_schedule.completed",
  "webhook_endpoint.disabled",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const KNOWN: ReadonlySet<string> = new Set(EVENT_TYPES);
export const isEventType = (type: string): type is EventType => KNOWN.has(type);

/** Whether an endpoint subscribed to `enabled` (event types, or "*") receives `type`. */
export const subscribesTo = (enabled: readonly string[], type: string): boolean => enabled.includes("*") || enabled.includes(type);
