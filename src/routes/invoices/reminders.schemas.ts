import { z } from "@hono/zod-openapi";
import { DEFAULT_REMINDER_POLICY } from "../../domain/reminders";

/*
 * How far a policy can reach: these bounds, with the latest accepted date (src/domain/dates.ts),
 * keep every reminder inside what Durable Object alarms can arm (test/unit/date-bounds.test.ts).
 */
export const MAX_STEP_OFFSET_DAYS = 365;
export const MAX_REPEAT_EVERY_DAYS = 365;
export const MAX_REMINDERS = 50;

export const ReminderStepSchema = z
  .strictObject({
    anchor: z.enum(["sent", "due"]).openapi({ description: "Counted from the (last) send, or from the due date." }),
    offset_days: z
      .number()
      .int()
      .min(-MAX_STEP_OFFSET_DAYS)
      .max(MAX_STEP_OFFSET_DAYS)
      .openapi({ description: "Days after the anchor; negative is before (due-date steps only). Due-date steps go out at 09:00 in the account's time zone." }),
  })
  .refine((s) => s.anchor === "due" || s.offset_days >= 1, {
    message: "A step counted from the send must come at least 1 day after it.",
    path: ["offset_days"],
  })
  .openapi("ReminderStep");

export const ReminderPolicySchema = z
  .strictObject({
    steps: z.array(ReminderStepSchema).max(10),
    repeat_every_days: z
      .number()
      .int()
      .min(1)
      .max(MAX_REPEAT_EVERY_DAYS)
      .nullable()
      .openapi({ description: "After the last step, remind again every N days while unpaid; null: no repeats." }),
    max_reminders: z.number().int().min(0).max(MAX_REMINDERS).openapi({ description: "At most this many reminders per invoice, manual ones included." }),
  })
  .openapi("ReminderPolicy", {
    description: "When to remind the customer of an unpaid invoice. Unset everywhere, the default applies: 7 days after sending, then weekly, at most 5.",
    example: DEFAULT_REMINDER_POLICY,
  });
