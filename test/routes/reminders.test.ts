import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { newAccount, seedCustomer, seedInvoiceBody } from "../helpers/api";
import { armed, platformAlarm } from "../helpers/scheduler";

const DAY = 86_400_000;
const FUTURE_DUE = { issue_date: "2099-01-01", due_date: "2099-01-31" };
// The work queue's consumer waits up to max_batch_timeout (1 s) before it takes a message.
const QUEUE_WAIT = { timeout: 20_000, interval: 200 };

async function sentInvoice(body: Record<string, unknown> = {}) {
  const account = await newAccount();
  const customer = await account.api.post("/v1/customers", seedCustomer);
  const draft = await account.api.post("/v1/invoices", { ...seedInvoiceBody(customer.body.id), ...FUTURE_DUE, ...body });
  expect(draft.status).toBe(201);
  const sent = await account.api.post(`/v1/invoices/${draft.body.id}/send`, {});
  expect(sent.status).toBe(200);
  return { ...account, invoice: sent.body, customerId: customer.body.id as string };
}

const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

async function reminderDeliveries(invoiceId: string) {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM deliveries WHERE invoice_id = ? AND kind = 'reminder' AND status = 'sent'")
    .bind(invoiceId)
    .first<{ n: number }>();
  return row!.n;
}

describe("POST /v1/invoices/:id/remind", () => {
  it("emails a reminder now, counts it, lists it on the timeline, keeps the schedule armed, and a retry with the key sends nothing more", async () => {
    const { api, invoice } = await sentInvoice();
    expect(invoice.next_reminder_date).toBe(plusDays(invoice.sent_at, 7));

    const first = await api.post(`/v1/invoices/${invoice.id}/remind`, { message: "Friendly nudge" }, { "Idempotency-Key": "remind-1" });
    expect(first.status).toBe(200);
    expect(first.body.email_details).toMatchObject({
      subject: "Reminder: invoice INV-2099-0001",
      sent_to: ["billing@acme.com"],
      attachments: ["invoice_INV-2099-0001.pdf"],
    });
    expect(first.body).toMatchObject({ reminders_sent: 1, status: "sent", next_reminder_date: plusDays(invoice.sent_at, 7) });
    expect((await armed(invoice.id))!.reminder).toEqual({ index: 1, at: plusDays(invoice.sent_at, 7) });

    const replay = await api.post(`/v1/invoices/${invoice.id}/remind`, { message: "Friendly nudge" }, { "Idempotency-Key": "remind-1" });
    expect(replay.status).toBe(200);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.reminders_sent).toBe(1);
    expect(await reminderDeliveries(invoice.id)).toBe(1);
    const events = await api.get(`/v1/invoices/${invoice.id}/events`);
    expect(events.body.data.filter((e: any) => e.type === "invoice.reminder_sent")).toHaveLength(1);
  });

  it("answers 409 for drafts and for paid, voided and uncollectible invoices, and 404 for another account's", async () => {
    const { api, customerId } = await newAccount().then(async (a) => ({ ...a, customerId: (await a.api.post("/v1/customers", seedCustomer)).body.id }));
    const make = async () => (await api.post("/v1/invoices", { ...seedInvoiceBody(customerId), ...FUTURE_DUE })).body.id as string;

    const draft = await make();
    expect((await api.post(`/v1/invoices/${draft}/remind`)).status).toBe(409);

    const paid = await make();
    await api.post(`/v1/invoices/${paid}/send`, {});
    await api.post(`/v1/invoices/${paid}/payments`, { amount: 697500 });
    const paidRemind = await api.post(`/v1/invoices/${paid}/remind`);
    expect(paidRemind.status).toBe(409);
    expect(paidRemind.body.error.code).toBe("invoice_status_conflict");

    const voided = await make();
    await api.post(`/v1/invoices/${voided}/finalize`);
    await api.post(`/v1/invoices/${voided}/void`);
    expect((await api.post(`/v1/invoices/${voided}/remind`)).status).toBe(409);

    const writtenOff = await make();
    await api.post(`/v1/invoices/${writtenOff}/finalize`);
    await api.post(`/v1/invoices/${writtenOff}/mark_uncollectible`);
    expect((await api.post(`/v1/invoices/${writtenOff}/remind`)).status).toBe(409);

    const other = await newAccount();
    expect((await other.api.post(`/v1/invoices/${paid}/remind`)).status).toBe(404);
  });
});

describe("schedule hooks", () => {
  it("payment, void and mark_uncollectible clear the alarm and next_reminder_date", async () => {
    for (const action of ["pay", "void", "mark_uncollectible"] as const) {
      const { api, invoice } = await sentInvoice();
      expect(await platformAlarm(invoice.id)).toBe(Date.parse(invoice.next_reminder_date));
      const res =
        action === "pay" ? await api.post(`/v1/invoices/${invoice.id}/payments`, { amount: 697500 }) : await api.post(`/v1/invoices/${invoice.id}/${action}`);
      expect(res.status).toBeLessThan(300);
      expect((action === "pay" ? res.body.invoice : res.body).next_reminder_date).toBeNull();
      expect((await api.get(`/v1/invoices/${invoice.id}`)).body.next_reminder_date).toBeNull();
      expect(await platformAlarm(invoice.id)).toBeNull();
    }
  });

  it("a partial payment keeps reminding; the overdue alarm stays armed", async () => {
    const { api, invoice } = await sentInvoice();
    const res = await api.post(`/v1/invoices/${invoice.id}/payments`, { amount: 100000 });
    expect(res.body.invoice).toMatchObject({ status: "partially_paid", next_reminder_date: invoice.next_reminder_date });
    expect(await armed(invoice.id)).toMatchObject({ reminder: { index: 0 }, overdue_at: "2099-02-01T00:00:00.000Z" });
  });

  it("turning reminders off on a sent invoice leaves only the overdue alarm; turning them on re-arms the reminder", async () => {
    const { api, invoice } = await sentInvoice();
    const off = await api.patch(`/v1/invoices/${invoice.id}`, { reminders_enabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ reminders_enabled: false, next_reminder_date: null });
    expect(await armed(invoice.id)).toMatchObject({ reminder: null, at: "2099-02-01T00:00:00.000Z" });
    expect(await platformAlarm(invoice.id)).toBe(Date.parse("2099-02-01T00:00:00.000Z"));

    const on = await api.patch(`/v1/invoices/${invoice.id}`, { reminders_enabled: true });
    expect(on.body.next_reminder_date).toBe(plusDays(invoice.sent_at, 7));
    expect(await platformAlarm(invoice.id)).toBe(Date.parse(on.body.next_reminder_date));
    // Other fields stay fixed once finalized.
    expect((await api.patch(`/v1/invoices/${invoice.id}`, { memo: "changed" })).status).toBe(409);
  });

  it("an invoice's own policy decides its schedule; a bad one is a 400 naming the field", async () => {
    const policy = { steps: [{ anchor: "sent", offset_days: 2 }], repeat_every_days: null, max_reminders: 1 };
    const { api, invoice, customerId } = await sentInvoice({ reminder_policy: policy });
    expect(invoice.next_reminder_date).toBe(plusDays(invoice.sent_at, 2));

    const changed = await api.patch(`/v1/invoices/${invoice.id}`, {
      reminder_policy: { steps: [{ anchor: "due", offset_days: -1 }], repeat_every_days: null, max_reminders: 1 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.next_reminder_date).toBe("2099-01-30T09:00:00.000Z"); // 09:00 in the account's zone (UTC)

    const bad = await api.post("/v1/invoices", {
      ...seedInvoiceBody(customerId),
      reminder_policy: { steps: [{ anchor: "sent", offset_days: -2 }], repeat_every_days: null, max_reminders: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toMatch(/^reminder_policy\.steps\.0\.offset_days$/);
    const tooMany = await api.patch(`/v1/invoices/${invoice.id}`, { reminder_policy: { steps: [], repeat_every_days: 0, max_reminders: 1 } });
    expect(tooMany.status).toBe(400);
  });

  it("the account's default policy applies to open invoices without their own, re-armed when it changes", async () => {
    const { api, invoice } = await sentInvoice();
    const own = await api.post("/v1/invoices", {
      ...seedInvoiceBody(invoice.customer_id),
      ...FUTURE_DUE,
      reminder_policy: { steps: [{ anchor: "sent", offset_days: 10 }], repeat_every_days: null, max_reminders: 1 },
    });
    const ownSent = await api.post(`/v1/invoices/${own.body.id}/send`, {});
    const policy = { steps: [{ anchor: "sent", offset_days: 3 }], repeat_every_days: 3, max_reminders: 4 };
    const patched = await api.patch("/v1/account", { reminder_policy: policy });
    expect(patched.status).toBe(200);
    expect(patched.body.reminder_policy).toEqual(policy);
    // Re-armed by the work queue, after the answer (test/routes/account-resync.test.ts).
    await vi.waitFor(async () => expect(await platformAlarm(invoice.id)).toBe(Date.parse(plusDays(invoice.sent_at, 3))), QUEUE_WAIT);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.next_reminder_date).toBe(plusDays(invoice.sent_at, 3));
    expect((await api.get(`/v1/invoices/${own.body.id}`)).body.next_reminder_date).toBe(plusDays(ownSent.body.sent_at, 10));

    const reset = await api.patch("/v1/account", { reminder_policy: null });
    expect(reset.body.reminder_policy).toBeNull();
    await vi.waitFor(async () => expect(await platformAlarm(invoice.id)).toBe(Date.parse(plusDays(invoice.sent_at, 7))), QUEUE_WAIT);
    expect((await api.get(`/v1/invoices/${invoice.id}`)).body.next_reminder_date).toBe(plusDays(invoice.sent_at, 7));
  });
});
