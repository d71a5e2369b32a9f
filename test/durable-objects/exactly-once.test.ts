import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MailTransportError } from "../../src/services/mail/mailer";
import { RecordingMailer, TestClock, armed, eventsOf, instrument, invoiceRow, runUntilIdle, seedSentInvoice, stubFor } from "../helpers/scheduler";

/*
 * The alarm handler is made to fail at each point between deciding to send a reminder and
 * having recorded it, then run again (moving the clock to each retry) until it is idle.
 * Every step must reach the customer exactly once.
 */

type Point =
  | "before the delivery claim"
  | "after the claim, before the transport"
  | "after the transport accepted, before D1 recorded it"
  | "after D1 recorded it";

// The statements Drizzle writes for the delivery claim and for marking it sent (src/db/delivery-queries.ts).
const CLAIM_SQL = /^insert into "deliveries"/i;
const RECORD_SQL = /^update "deliveries" set "status" = \?, "error" = \?, "sent_at" = \?/i;

/** D1 that fails once at the chosen point of the reminder's delivery, then behaves. */
function faultyD1(real: D1Database, armedFaults: Set<Point>): D1Database {
  const isRecord = (statements: D1PreparedStatement[]) => statements.some((s) => RECORD_SQL.test((s as unknown as { statement: string }).statement));
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare")
        return (sql: string) => {
          if (armedFaults.has("before the delivery claim") && CLAIM_SQL.test(sql)) {
            armedFaults.delete("before the delivery claim");
            const dead = {
              bind: () => dead,
              run: async () => {
                throw new Error("injected: died before the delivery claim");
              },
            };
            return dead;
          }
          return target.prepare(sql);
        };
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) => {
          if (isRecord(statements) && armedFaults.delete("after the transport accepted, before D1 recorded it"))
            throw new Error("injected: died before recording");
          const results = await target.batch(statements);
          if (isRecord(statements) && armedFaults.delete("after D1 recorded it")) throw new Error("injected: died after recording");
          return results;
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const POINTS: Point[] = [
  "before the delivery claim",
  "after the claim, before the transport",
  "after the transport accepted, before D1 recorded it",
  "after D1 recorded it",
];

async function sentReminders(invoiceId: string) {
  const { results } = await env.DB.prepare(
    "SELECT dedupe_key, status, attempts, error FROM deliveries WHERE invoice_id = ? AND kind = 'reminder' ORDER BY dedupe_key",
  )
    .bind(invoiceId)
    .all<{ dedupe_key: string; status: string; attempts: number; error: string | null }>();
  return results;
}

describe("a reminder is sent exactly once when the alarm handler fails part-way", () => {
  for (const point of [...POINTS, "all of them, one after another"] as const) {
    it(`fails ${point}, is re-run until idle, and each of two steps is emailed once`, async () => {
      const clock = new TestClock("2024-01-20T12:00:00Z");
      const mailer = new RecordingMailer();
      const { invoiceId } = await seedSentInvoice(clock, mailer);
      const faults = new Set<Point>();
      await instrument(invoiceId, { clock, mailer, d1: faultyD1(env.DB, faults) });
      const inject = () => {
        for (const p of point === "all of them, one after another" ? POINTS : [point]) {
          if (p === "after the claim, before the transport")
            mailer.failures.push(() => {
              throw new Error("injected: died before the transport");
            });
          else faults.add(p);
        }
      };

      inject();
      clock.set("2024-01-27T12:00:00Z");
      const runs = await runUntilIdle(invoiceId, clock, "2024-01-27T18:00:00Z");
      expect(runs).toBeGreaterThan(1);
      expect(faults.size).toBe(0);
      expect(mailer.subjects()).toEqual(["Reminder: invoice INV-2024-0001"]);
      expect(await invoiceRow(invoiceId)).toMatchObject({ reminders_sent: 1, next_reminder_at: "2024-02-03T12:00:00.000Z" });
      expect(await armed(invoiceId)).toMatchObject({ at: "2024-02-03T12:00:00.000Z", retry: 0 });

      inject();
      await runUntilIdle(invoiceId, clock, "2024-02-03T18:00:00Z");
      expect(mailer.sent).toHaveLength(2);
      expect(new Set(mailer.sent.map((m) => m.messageId)).size).toBe(2);
      expect(await invoiceRow(invoiceId)).toMatchObject({ reminders_sent: 2, next_reminder_at: "2024-02-10T12:00:00.000Z" });
      expect(await eventsOf(invoiceId, "invoice.reminder_sent")).toHaveLength(2);
      const deliveries = await sentReminders(invoiceId);
      expect(deliveries.map((d) => [d.dedupe_key, d.status])).toEqual([
        [`reminder:${invoiceId}:0`, "sent"],
        [`reminder:${invoiceId}:1`, "sent"],
      ]);
      // Nothing left behind in the object's storage but its target and what it is armed for.
      const keys = await runInDurableObject(stubFor(invoiceId), (_obj, state) => [...state.storage.kv.list()].map(([k]) => k));
      expect(keys.sort()).toEqual(["target", "wake"]);
    });
  }

  it("records without resending when the runtime died while the provider call was in flight (at most once)", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const mailer = new RecordingMailer();
    const { invoiceId } = await seedSentInvoice(clock, mailer);
    // What a death mid-call leaves: the note written (and flushed) just before the transport call.
    await runInDurableObject(stubFor(invoiceId), (_obj, state) =>
      state.storage.kv.put(`send:reminder:${invoiceId}:0`, { state: "in_flight", at: Date.parse("2024-01-27T12:00:00Z") }),
    );
    clock.set("2024-01-27T12:00:05Z");
    await runDurableObjectAlarm(stubFor(invoiceId));
    expect(mailer.sent).toHaveLength(0);
    expect(await invoiceRow(invoiceId)).toMatchObject({ reminders_sent: 1, next_reminder_at: "2024-02-03T12:00:00.000Z" });
    const [delivery] = await sentReminders(invoiceId);
    expect(delivery).toMatchObject({ status: "sent" });
    expect(delivery!.error).toMatch(/^Outcome unknown/);
  });
});

describe("a failing mail transport", () => {
  it("fails 7 times in a row and the reminder still goes out later, once, with next_reminder_date on each retry", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const mailer = new RecordingMailer();
    const { invoiceId } = await seedSentInvoice(clock, mailer);
    for (let i = 0; i < 7; i++)
      mailer.failures.push(() => {
        throw new MailTransportError("send_email", "upstream mail service unavailable");
      });

    clock.set("2024-01-27T12:00:00Z");
    for (let retry = 1; retry <= 3; retry++) {
      await runDurableObjectAlarm(stubFor(invoiceId));
      const wake = (await armed(invoiceId))!;
      expect(wake).toMatchObject({ retry, reminder: { index: 0, at: wake.at } });
      expect(wake.error).toMatch(/could not be handed to the mail provider/);
      // 30 s, 60 s, 120 s after the failed attempt.
      expect(Date.parse(wake.at) - clock.now()).toBe(30_000 * 2 ** (retry - 1));
      expect((await invoiceRow(invoiceId))!.next_reminder_at).toBe(wake.at);
      clock.set(wake.at);
    }
    await runUntilIdle(invoiceId, clock, "2024-01-28T00:00:00Z");
    expect(mailer.calls).toBe(8);
    expect(mailer.sent).toHaveLength(1);
    const [delivery] = await sentReminders(invoiceId);
    expect(delivery).toMatchObject({ status: "sent", attempts: 8, error: null });
    expect(await invoiceRow(invoiceId)).toMatchObject({ reminders_sent: 1, next_reminder_at: "2024-02-03T12:00:00.000Z" });
    expect(await armed(invoiceId)).toMatchObject({ retry: 0, at: "2024-02-03T12:00:00.000Z" });
  });
});
