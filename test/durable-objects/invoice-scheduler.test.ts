import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InvoiceScheduler } from "../../src/durable-objects/invoice-scheduler";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";
import {
  RecordingMailer,
  TestClock,
  armed,
  eventsOf,
  instrument,
  invoiceRow,
  platformAlarm,
  runUntilIdle,
  seedSentInvoice,
  stubFor,
} from "../helpers/scheduler";

describe("the seed timeline", () => {
  it("arms the first reminder for 2024-01-27T12:00:00Z, shows it as next_reminder_date, and sends it then with reminder wording", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const mailer = new RecordingMailer();
    const { invoiceId, api } = await seedSentInvoice(clock, mailer);

    expect(await armed(invoiceId)).toMatchObject({
      at: "2024-01-27T12:00:00.000Z",
      reminder: { index: 0, at: "2024-01-27T12:00:00.000Z" },
      overdue_at: "2024-02-19T00:00:00.000Z",
    });
    expect((await api.get(`/v1/invoices/${invoiceId}`)).body).toMatchObject({ next_reminder_date: "2024-01-27T12:00:00.000Z", reminders_sent: 0 });

    // An alarm that runs early (at-least-once, or a stale one) sends nothing and re-arms the same time.
    clock.set("2024-01-27T11:59:59Z");
    expect(await runDurableObjectAlarm(stubFor(invoiceId))).toBe(true);
    expect(mailer.sent).toHaveLength(0);
    expect((await armed(invoiceId))!.at).toBe("2024-01-27T12:00:00.000Z");

    clock.set("2024-01-27T12:00:00Z");
    expect(await runDurableObjectAlarm(stubFor(invoiceId))).toBe(true);
    expect(mailer.subjects()).toEqual(["Reminder: invoice INV-2024-0001"]);
    expect(mailer.sent[0]!.recipients).toEqual(["billing@acme.com"]);
    expect(mailer.sent[0]!.content.attachments.map((a) => a.filename)).toEqual(["invoice_INV-2024-0001.pdf"]);
    expect(mailer.sent[0]!.content.text).toContain("is due on");

    const invoice = (await api.get(`/v1/invoices/${invoiceId}`)).body;
    expect(invoice).toMatchObject({ status: "sent", reminders_sent: 1, next_reminder_date: "2024-02-03T12:00:00.000Z" });
    expect(await armed(invoiceId)).toMatchObject({ at: "2024-02-03T12:00:00.000Z", reminder: { index: 1 } });
    const timeline = await api.get(`/v1/invoices/${invoiceId}/events`);
    const reminder = timeline.body.data.find((e: any) => e.type === "invoice.reminder_sent");
    expect(reminder).toMatchObject({ actor: "system:scheduler", created_at: "2024-01-27T12:00:00.000Z" });
  });

  it("switches to overdue wording after the due date and stops at the cap of 5", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const mailer = new RecordingMailer();
    const { invoiceId } = await seedSentInvoice(clock, mailer);
    expect(await runUntilIdle(invoiceId, clock, "2024-12-31T00:00:00Z")).toBeGreaterThanOrEqual(6);
    expect(mailer.sent).toHaveLength(5);
    expect(mailer.sent.map((m) => m.content.headers["X-Invoice-Delivery-Ref"]).length).toBe(5);
    expect(new Set(mailer.sent.map((m) => m.messageId)).size).toBe(5);
    expect(mailer.sent[3]!.content.text).toContain("is due on"); // 2024-02-17, the day before the due date
    expect(mailer.sent[4]!.content.text).toMatch(/6 days overdue/); // 2024-02-24, due 2024-02-18 (UTC account)
    expect(await invoiceRow(invoiceId)).toMatchObject({ status: "overdue", reminders_sent: 5, next_reminder_at: null, overdue_at: "2024-02-19T00:00:00.000Z" });
    expect(await platformAlarm(invoiceId)).toBeNull();
  });
});

describe("cancelling", () => {
  it("a payment before the reminder clears the alarm and next_reminder_date; no email", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const mailer = new RecordingMailer();
    const { invoiceId, api } = await seedSentInvoice(clock, mailer);
    clock.set("2024-01-25T00:00:00Z");
    const paid = await api.post(`/v1/invoices/${invoiceId}/payments`, { amount: 697500 });
    expect(paid.status).toBe(201);
    expect(paid.body.invoice).toMatchObject({ status: "paid" });
    expect(await platformAlarm(invoiceId)).toBeNull();
    expect(await armed(invoiceId)).toBeNull();
    expect((await api.get(`/v1/invoices/${invoiceId}`)).body.next_reminder_date).toBeNull();
    clock.set("2024-01-27T12:00:00Z");
    expect(await runDurableObjectAlarm(stubFor(invoiceId))).toBe(false);
    expect(mailer.sent).toHaveLength(0);
  });

  it("a stale alarm finds the invoice paid in D1 (no sync happened) and stands down without mailing", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const mailer = new RecordingMailer();
    const { invoiceId } = await seedSentInvoice(clock, mailer);
    await env.DB.prepare("UPDATE invoices SET amount_paid = total_amount, status = 'paid', paid_at = ? WHERE id = ?")
      .bind("2024-01-26T00:00:00.000Z", invoiceId)
      .run();
    clock.set("2024-01-27T12:00:00Z");
    expect(await runDurableObjectAlarm(stubFor(invoiceId))).toBe(true);
    expect(mailer.sent).toHaveLength(0);
    expect(await platformAlarm(invoiceId)).toBeNull();
    expect(await invoiceRow(invoiceId)).toMatchObject({ status: "paid", reminders_sent: 0, next_reminder_at: null });
  });
});

describe("overdue in the account's time zone", () => {
  for (const [zone, instant] of [
    ["America/Los_Angeles", "2024-02-19T08:00:00.000Z"], // UTC−8 in February
    ["Asia/Tokyo", "2024-02-18T15:00:00.000Z"], // UTC+9
  ] as const) {
    it(`turns overdue at local midnight after 2024-02-18 in ${zone} (${instant}), recorded as an event`, async () => {
      const clock = new TestClock("2024-01-20T12:00:00Z");
      const mailer = new RecordingMailer();
      const { invoiceId, api } = await seedSentInvoice(clock, mailer, { timezone: zone });
      // Reminders off (a finalized invoice still takes that change): only the overdue alarm stays.
      const off = await api.patch(`/v1/invoices/${invoiceId}`, { reminders_enabled: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ reminders_enabled: false, next_reminder_date: null });
      expect(await armed(invoiceId)).toEqual({ at: instant, reminder: null, overdue_at: instant, retry: 0 });
      expect(await invoiceRow(invoiceId)).toMatchObject({ next_reminder_at: null });

      clock.set(Date.parse(instant) - 1000);
      await runDurableObjectAlarm(stubFor(invoiceId));
      expect((await invoiceRow(invoiceId))!.status).toBe("sent");

      clock.set(instant);
      await runDurableObjectAlarm(stubFor(invoiceId));
      expect(await invoiceRow(invoiceId)).toMatchObject({ status: "overdue", overdue_at: instant });
      const events = await eventsOf(invoiceId, "invoice.overdue");
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor: "system:scheduler", created_at: instant });
      expect(await platformAlarm(invoiceId)).toBeNull();
      expect(mailer.sent).toHaveLength(0);

      // A repeated alarm is harmless: still one overdue event.
      await stubFor(invoiceId).sync(await accountOf(invoiceId), invoiceId);
      await runInDurableObject(stubFor(invoiceId), (obj: InvoiceScheduler) => obj.alarm());
      expect(await eventsOf(invoiceId, "invoice.overdue")).toHaveLength(1);
    });
  }
});

describe("eviction", () => {
  it("loses no schedule: the alarm and what it is for survive, and the evicted object sends on time", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const mailer = new RecordingMailer();
    const { invoiceId } = await seedSentInvoice(clock, mailer);
    const before = { alarm: await platformAlarm(invoiceId), wake: await armed(invoiceId) };
    await evictDurableObject(stubFor(invoiceId));
    expect(await platformAlarm(invoiceId)).toBe(before.alarm);
    expect(await armed(invoiceId)).toEqual(before.wake);
    // The new instance has the system clock and mailer; give it the test's again.
    await instrument(invoiceId, { clock, mailer });
    clock.set("2024-01-27T12:00:00Z");
    expect(await runDurableObjectAlarm(stubFor(invoiceId))).toBe(true);
    expect(mailer.sent).toHaveLength(1);
    expect(await invoiceRow(invoiceId)).toMatchObject({ reminders_sent: 1 });
  });
});

async function accountOf(invoiceId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT account_id FROM invoices WHERE id = ?").bind(invoiceId).first<{ account_id: string }>();
  return row!.account_id;
}

describe("finalize without send", () => {
  it("arms only the overdue transition (no reminders before the invoice was emailed)", async () => {
    const { api } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const draft = await api.post("/v1/invoices", { ...seedInvoiceBody(customer.body.id), due_date: "2099-01-31" });
    const finalized = await api.post(`/v1/invoices/${draft.body.id}/finalize`);
    expect(finalized.status).toBe(200);
    expect(await armed(draft.body.id)).toMatchObject({ at: "2099-02-01T00:00:00.000Z", reminder: null, overdue_at: "2099-02-01T00:00:00.000Z" });
    expect(await platformAlarm(draft.body.id)).toBe(Date.parse("2099-02-01T00:00:00.000Z"));
  });
});

describe("a reminder that can never be sent", () => {
  it("stops reminders with the reason in the timeline instead of retrying forever", async () => {
    const clock = new TestClock("2024-01-20T12:00:00Z");
    const mailer = new RecordingMailer();
    const { invoiceId, api } = await seedSentInvoice(clock, mailer);
    // The customer's address went bad after the invoice was sent (edited in the database).
    await env.DB.prepare("UPDATE customers SET email = 'not-an-address' WHERE id = (SELECT customer_id FROM invoices WHERE id = ?)").bind(invoiceId).run();

    clock.set("2024-01-27T12:00:00Z");
    expect(await runDurableObjectAlarm(stubFor(invoiceId))).toBe(true);
    expect(mailer.sent).toHaveLength(0);
    const invoice = (await api.get(`/v1/invoices/${invoiceId}`)).body;
    expect(invoice).toMatchObject({ reminders_enabled: false, next_reminder_date: null });
    const stopped = (await api.get(`/v1/invoices/${invoiceId}/events`)).body.data.find((e: any) => e.type === "invoice.reminders_stopped");
    expect(stopped.data.reason).toContain("customer.email");
    // Only the overdue transition is still armed.
    expect((await armed(invoiceId))?.reminder ?? null).toBeNull();
  });
});
