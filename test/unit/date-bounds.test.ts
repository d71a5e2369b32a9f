import { describe, expect, it } from "vitest";
import {
  DATE_RANGE_TEXT,
  dueDateFromTerms,
  EARLIEST_DATE,
  isDateInRange,
  isInstantInRange,
  LATEST_DATE,
  overdueInstant,
  SCHEDULER_LIMIT,
} from "../../src/domain/dates";
import { DomainError } from "../../src/domain/errors";
import { nextStep, type ReminderFacts, type ReminderPolicy } from "../../src/domain/reminders";
import { DateSchema, TimestampSchema } from "../../src/openapi/common-schemas";
import { MAX_REMINDERS, MAX_REPEAT_EVERY_DAYS, MAX_STEP_OFFSET_DAYS } from "../../src/routes/invoices/reminders.schemas";

describe("the accepted date range", () => {
  it("is 1970-01-01 to 2099-12-31, for dates and timestamps", () => {
    expect([EARLIEST_DATE, LATEST_DATE]).toEqual(["1970-01-01", "2099-12-31"]);
    expect(isDateInRange("1970-01-01") && isDateInRange("2099-12-31")).toBe(true);
    expect(isDateInRange("1969-12-31") || isDateInRange("2100-01-01") || isDateInRange("9999-12-31")).toBe(false);
    expect(isInstantInRange("2099-12-31T23:59:59Z")).toBe(true);
    expect(isInstantInRange("2100-01-01T00:00:00Z") || isInstantInRange("1969-12-31T23:59:59Z") || isInstantInRange("nonsense")).toBe(false);
  });

  it("is what the date and timestamp schemas enforce, and say", () => {
    expect(DateSchema.safeParse("2099-12-31").success).toBe(true);
    for (const bad of ["9999-12-31", "2100-01-01", "1969-12-31", "0000-01-01"]) {
      const result = DateSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain(DATE_RANGE_TEXT);
    }
    expect(TimestampSchema.safeParse("2024-01-19T12:00:00Z").success).toBe(true);
    expect(TimestampSchema.safeParse("9999-12-31T00:00:00Z").success).toBe(false);
  });

  it("keeps every reminder the most far-reaching policy allows schedulable by a Durable Object alarm", () => {
    const policy: ReminderPolicy = {
      steps: [
        { anchor: "due", offset_days: MAX_STEP_OFFSET_DAYS },
        { anchor: "sent", offset_days: MAX_STEP_OFFSET_DAYS },
      ],
      repeat_every_days: MAX_REPEAT_EVERY_DAYS,
      max_reminders: MAX_REMINDERS,
    };
    const limit = Date.parse(SCHEDULER_LIMIT);
    for (const zone of ["Pacific/Kiritimati", "Etc/GMT+12", "UTC"]) {
      expect(overdueInstant(LATEST_DATE, zone).getTime()).toBeLessThan(limit);
      let facts: ReminderFacts = { sent_at: `${LATEST_DATE}T23:59:59Z`, due_date: LATEST_DATE, time_zone: zone, reminders_sent: 0, last_reminder_at: null };
      let last = 0;
      for (let i = 0; i < MAX_REMINDERS; i++) {
        const next = nextStep(policy, facts, new Date(facts.sent_at!));
        if (!next) break;
        last = next.at.getTime();
        facts = { ...facts, reminders_sent: i + 1, last_reminder_at: next.at.toISOString() };
      }
      expect(last).toBeGreaterThan(Date.parse("2140-01-01"));
      // With a margin: the last reminder stays decades inside the alarms' range.
      expect(last).toBeLessThan(limit - 20 * 365 * 86_400_000);
    }
  });

  it("refuses payment terms that push the due date past the range, naming the terms", () => {
    expect(dueDateFromTerms("2099-12-01", "Net 30")).toBe("2099-12-31");
    for (const [issue, terms] of [
      ["2099-12-15", "Net 30"],
      ["9999-12-31", "Net 30"],
    ]) {
      try {
        dueDateFromTerms(issue!, terms!);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).param).toBe("payment_terms");
        expect((err as DomainError).message).toContain(LATEST_DATE);
      }
    }
  });
});
