import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_REMINDER_POLICY,
  MIN_REMINDER_GAP_MS,
  asReminderPolicy,
  effectivePolicy,
  localMorning,
  nextStep,
  nextWake,
  reminderAfterSending,
  retryDelayMs,
  type ReminderFacts,
  type ReminderPolicy,
  type ScheduleFacts,
} from "../../src/domain/reminders";

const LA = "America/Los_Angeles";
const TOKYO = "Asia/Tokyo";
const DAY = 86_400_000;

const seedFacts: ReminderFacts = {
  sent_at: "2024-01-20T12:00:00.000Z",
  due_date: "2024-02-18",
  time_zone: "UTC",
  reminders_sent: 0,
  last_reminder_at: null,
};

const schedule = (over: Partial<ScheduleFacts> = {}): ScheduleFacts => ({
  ...seedFacts,
  status: "sent",
  overdue_at: null,
  reminders_enabled: true,
  has_recipient: true,
  policy: DEFAULT_REMINDER_POLICY,
  ...over,
});

const at = (s: string) => new Date(s);

describe("nextStep with the default policy (seed 000)", () => {
  it("puts the first reminder 7 days after the send: 2024-01-20T12:00:00Z → 2024-01-27T12:00:00Z", () => {
    expect(nextStep(DEFAULT_REMINDER_POLICY, seedFacts, at("2024-01-20T12:00:00Z"))).toEqual({ index: 0, at: at("2024-01-27T12:00:00Z") });
  });

  it("repeats weekly after each reminder and stops at max_reminders", () => {
    let facts = seedFacts;
    const times: string[] = [];
    for (;;) {
      const step = nextStep(DEFAULT_REMINDER_POLICY, facts, at(facts.last_reminder_at ?? facts.sent_at!));
      if (!step) break;
      expect(step.index).toBe(facts.reminders_sent);
      times.push(step.at.toISOString());
      facts = { ...facts, reminders_sent: facts.reminders_sent + 1, last_reminder_at: step.at.toISOString() };
    }
    expect(times).toEqual([
      "2024-01-27T12:00:00.000Z",
      "2024-02-03T12:00:00.000Z",
      "2024-02-10T12:00:00.000Z",
      "2024-02-17T12:00:00.000Z",
      "2024-02-24T12:00:00.000Z",
    ]);
  });

  it("has nothing before the invoice was sent", () => {
    expect(nextStep(DEFAULT_REMINDER_POLICY, { ...seedFacts, sent_at: null }, at("2024-01-20T12:00:00Z"))).toBeNull();
  });

  it("makes a missed slot due now, and several missed slots one reminder rather than a burst", () => {
    const now = at("2024-03-20T08:00:00Z"); // 8 weeks after the send, nothing sent yet
    const first = nextStep(DEFAULT_REMINDER_POLICY, seedFacts, now)!;
    expect(first).toEqual({ index: 0, at: now });
    const second = nextStep(DEFAULT_REMINDER_POLICY, { ...seedFacts, reminders_sent: 1, last_reminder_at: now.toISOString() }, now)!;
    expect(second.at.toISOString()).toBe("2024-03-23T12:00:00.000Z"); // the next weekly slot, not another one now
  });

  it("keeps a reminder sent by hand from being followed by an automatic one within 12 hours", () => {
    const manual = { ...seedFacts, reminders_sent: 1, last_reminder_at: "2024-01-27T06:00:00.000Z" };
    expect(nextStep(DEFAULT_REMINDER_POLICY, manual, at("2024-01-27T06:00:00Z"))).toEqual({ index: 1, at: at("2024-02-03T12:00:00Z") });
    const earlier = { ...seedFacts, reminders_sent: 1, last_reminder_at: "2024-01-25T12:00:00.000Z" };
    expect(nextStep(DEFAULT_REMINDER_POLICY, earlier, at("2024-01-25T12:00:00Z"))).toEqual({ index: 1, at: at("2024-01-27T12:00:00Z") });
  });

  it("counts from the latest send when the invoice is sent again", () => {
    const resent = { ...seedFacts, sent_at: "2024-02-01T09:30:00.000Z", reminders_sent: 1, last_reminder_at: "2024-01-27T12:00:00.000Z" };
    expect(nextStep(DEFAULT_REMINDER_POLICY, resent, at("2024-02-01T09:30:00Z"))!.at.toISOString()).toBe("2024-02-08T09:30:00.000Z");
  });
});

describe("due-date steps", () => {
  const policy: ReminderPolicy = {
    steps: [
      { anchor: "due", offset_days: -3 },
      { anchor: "due", offset_days: 0 },
      { anchor: "due", offset_days: 7 },
    ],
    repeat_every_days: null,
    max_reminders: 10,
  };

  it("go out at 09:00 in the account's time zone: Los Angeles (UTC−8) and Tokyo (UTC+9)", () => {
    const la = { ...seedFacts, time_zone: LA, sent_at: "2024-02-01T00:00:00.000Z" };
    expect(nextStep(policy, la, at("2024-02-01T00:00:00Z"))!.at.toISOString()).toBe("2024-02-15T17:00:00.000Z");
    const tokyo = { ...seedFacts, time_zone: TOKYO, sent_at: "2024-02-01T00:00:00.000Z" };
    expect(nextStep(policy, tokyo, at("2024-02-01T00:00:00Z"))!.at.toISOString()).toBe("2024-02-15T00:00:00.000Z");
  });

  it("skip steps that fall before the send and end when the steps run out without a repeat", () => {
    const lateSend = { ...seedFacts, sent_at: "2024-02-17T00:00:00.000Z" };
    expect(nextStep(policy, lateSend, at("2024-02-17T00:00:00Z"))!.at.toISOString()).toBe("2024-02-18T09:00:00.000Z");
    const done = { ...lateSend, reminders_sent: 2, last_reminder_at: "2024-02-25T09:00:00.000Z" };
    expect(nextStep(policy, done, at("2024-02-25T09:00:00Z"))).toBeNull();
  });

  it("stay at 09:00 local across a DST change (Los Angeles, 2024-03-10 and 2024-11-03)", () => {
    expect(localMorning("2024-03-10", LA).toISOString()).toBe("2024-03-10T16:00:00.000Z");
    expect(localMorning("2024-11-03", LA).toISOString()).toBe("2024-11-03T17:00:00.000Z");
    expect(localMorning("2024-03-09", LA).toISOString()).toBe("2024-03-09T17:00:00.000Z");
  });

  it("hold 09:00 local on every day of a year in four zones", () => {
    for (const zone of [LA, TOKYO, "Europe/London", "Australia/Lord_Howe"]) {
      for (let d = Date.UTC(2024, 0, 1); d < Date.UTC(2025, 0, 1); d += DAY) {
        const date = new Date(d).toISOString().slice(0, 10);
        const local = new Intl.DateTimeFormat("en-CA", {
          timeZone: zone,
          hourCycle: "h23",
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
        }).format(localMorning(date, zone));
        expect(local).toBe(`${date}, 09:00`);
      }
    }
  });
});

describe("nextWake", () => {
  it("wakes for the overdue transition at local midnight after the due date: UTC−8 and UTC+9", () => {
    const la = nextWake(schedule({ time_zone: LA, reminders_enabled: false }), at("2024-02-01T00:00:00Z"))!;
    expect(la).toEqual({ at: at("2024-02-19T08:00:00Z"), reminder: null, overdue_at: at("2024-02-19T08:00:00Z") });
    const tokyo = nextWake(schedule({ time_zone: TOKYO, reminders_enabled: false }), at("2024-02-01T00:00:00Z"))!;
    expect(tokyo.at.toISOString()).toBe("2024-02-18T15:00:00.000Z");
  });

  it("takes the earlier of the next reminder and the overdue transition", () => {
    const wake = nextWake(schedule(), at("2024-01-20T12:00:00Z"))!;
    expect(wake.at.toISOString()).toBe("2024-01-27T12:00:00.000Z");
    expect(wake.reminder).toEqual({ index: 0, at: at("2024-01-27T12:00:00Z") });
    expect(wake.overdue_at!.toISOString()).toBe("2024-02-19T00:00:00.000Z");
  });

  it("has nothing to do for paid, voided, uncollectible and draft invoices", () => {
    for (const status of ["paid", "voided", "uncollectible", "draft"] as const) expect(nextWake(schedule({ status }), at("2024-01-21T00:00:00Z"))).toBeNull();
  });

  it("keeps only the overdue transition for a finalized (never sent) invoice or one without a customer email", () => {
    expect(nextWake(schedule({ status: "finalized", sent_at: null }), at("2024-01-21T00:00:00Z"))!.reminder).toBeNull();
    expect(nextWake(schedule({ has_recipient: false }), at("2024-01-21T00:00:00Z"))!.reminder).toBeNull();
  });

  it("keeps reminding an overdue invoice and has no second overdue transition", () => {
    const wake = nextWake(
      schedule({ status: "overdue", overdue_at: "2024-02-19T00:00:00.000Z", reminders_sent: 4, last_reminder_at: "2024-02-17T12:00:00.000Z" }),
      at("2024-02-19T00:00:00Z"),
    )!;
    expect(wake).toEqual({ at: at("2024-02-24T12:00:00Z"), reminder: { index: 4, at: at("2024-02-24T12:00:00Z") }, overdue_at: null });
  });

  it("never wakes in the past", () => {
    const now = at("2024-06-01T00:00:00Z");
    const wake = nextWake(schedule(), now)!;
    expect(wake.at).toEqual(now);
    expect(wake.overdue_at).toEqual(now);
  });
});

describe("reminderAfterSending", () => {
  it("gives the seed's next_reminder_date for the send, and the following week after the first reminder", () => {
    expect(reminderAfterSending(schedule({ status: "finalized", sent_at: null }), "2024-01-20T12:00:00.000Z", "invoice")).toBe("2024-01-27T12:00:00.000Z");
    expect(reminderAfterSending(schedule(), "2024-01-27T12:00:00.000Z", "reminder")).toBe("2024-02-03T12:00:00.000Z");
    expect(reminderAfterSending(schedule({ reminders_enabled: false }), "2024-01-20T12:00:00.000Z", "invoice")).toBeNull();
  });
});

describe("policy", () => {
  it("uses the invoice's policy, else the account's, else the default; malformed stored values fall through", () => {
    const mine: ReminderPolicy = { steps: [{ anchor: "due", offset_days: 1 }], repeat_every_days: null, max_reminders: 1 };
    const account: ReminderPolicy = { steps: [{ anchor: "sent", offset_days: 3 }], repeat_every_days: 3, max_reminders: 2 };
    expect(effectivePolicy(mine, account)).toBe(mine);
    expect(effectivePolicy(null, account)).toBe(account);
    expect(effectivePolicy({ steps: "x" }, null)).toBe(DEFAULT_REMINDER_POLICY);
    expect(asReminderPolicy({ steps: [{ anchor: "paid", offset_days: 1 }], repeat_every_days: null, max_reminders: 1 })).toBeNull();
  });
});

describe("retryDelayMs", () => {
  it("doubles from 30 s and stops growing at an hour, so 7 failures in a row retry within about an hour", () => {
    expect([1, 2, 3, 7, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 1_920_000, 3_600_000, 3_600_000]);
    expect([1, 2, 3, 4, 5, 6, 7].reduce((sum, n) => sum + retryDelayMs(n), 0)).toBeLessThan(3_600_000 * 1.1);
  });
});

describe("properties of a run of reminders", () => {
  const step = fc.record({ anchor: fc.constantFrom("sent" as const, "due" as const), offset_days: fc.integer({ min: -30, max: 60 }) });
  const policy = fc.record({
    steps: fc.array(step, { maxLength: 5 }),
    repeat_every_days: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    max_reminders: fc.integer({ min: 0, max: 12 }),
  });
  const zone = fc.constantFrom("UTC", LA, TOKYO, "Europe/Berlin", "Asia/Kolkata");
  const instant = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 0, 1) });

  it("sends at most max_reminders, in order, after the send, at least 12 h apart, one index per reminder, and ends", () => {
    fc.assert(
      fc.property(
        policy,
        zone,
        instant,
        fc.integer({ min: 0, max: 90 }),
        fc.array(fc.integer({ min: 0, max: 20 * DAY }), { maxLength: 20 }),
        (p, tz, sent, dueIn, delays) => {
          const sentAt = new Date(sent).toISOString();
          let facts: ReminderFacts = {
            sent_at: sentAt,
            due_date: new Date(sent + dueIn * DAY).toISOString().slice(0, 10),
            time_zone: tz,
            reminders_sent: 0,
            last_reminder_at: null,
          };
          let now = sent;
          const sentTimes: number[] = [];
          for (let i = 0; i < 40; i++) {
            const next = nextStep(p, facts, new Date(now));
            if (!next) break;
            expect(next.index).toBe(facts.reminders_sent);
            expect(next.at.getTime()).toBeGreaterThanOrEqual(now);
            expect(next.at.getTime()).toBeGreaterThan(sent);
            // The alarm may run late (outage, retries): `delays` stretch the run.
            now = next.at.getTime() + (delays[i] ?? 0);
            sentTimes.push(now);
            facts = { ...facts, reminders_sent: facts.reminders_sent + 1, last_reminder_at: new Date(now).toISOString() };
          }
          expect(sentTimes.length).toBeLessThanOrEqual(p.max_reminders);
          for (let i = 1; i < sentTimes.length; i++) expect(sentTimes[i]! - sentTimes[i - 1]!).toBeGreaterThanOrEqual(MIN_REMINDER_GAP_MS);
          if (p.steps.length === 0) expect(sentTimes).toEqual([]);
          // With repeats and a cap, a run always ends at the cap.
          if (p.steps.length > 0 && p.repeat_every_days) expect(sentTimes.length).toBe(p.max_reminders);
        },
      ),
      { numRuns: 150 },
    );
  }, 30_000);

  it("is a pure function of its inputs: asking twice, or a moment later before the slot, gives the same step", () => {
    fc.assert(
      fc.property(policy, zone, instant, fc.integer({ min: 0, max: 60_000 }), (p, tz, sent, wait) => {
        const facts: ReminderFacts = {
          sent_at: new Date(sent).toISOString(),
          due_date: new Date(sent + 30 * DAY).toISOString().slice(0, 10),
          time_zone: tz,
          reminders_sent: 0,
          last_reminder_at: null,
        };
        const a = nextStep(p, facts, new Date(sent));
        const b = nextStep(p, facts, new Date(sent));
        expect(a).toEqual(b);
        if (a && a.at.getTime() > sent + wait) expect(nextStep(p, facts, new Date(sent + wait))).toEqual(a);
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});
