import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "../../src/domain/event-types";
import { newAccount, rawFetch, seedCustomer, seedInvoiceBody } from "../helpers/api";
import { fetchWithBindings } from "../helpers/app-fetch";
import { instrument, RecordingMailer, runUntilIdle, seedSentInvoice, TestClock } from "../helpers/scheduler";

type Event = { type: string; data: { object: { id: string; object: string; status?: string } } };

const feed = async (api: Awaited<ReturnType<typeof newAccount>>["api"], objectId: string): Promise<Event[]> =>
  (await api.get(`/v1/events?limit=100&object_id=${objectId}`)).body.data.reverse();

/** An EMAIL binding the provider refuses every message through. */
const refusingBinding = { send: async () => Promise.reject(new Error("550 mailbox unavailable")) } as unknown as SendEmail;

describe("every invoice event type", () => {
  const seen = new Map<string, Event>();
  const record = (events: Event[]) => {
    for (const e of events) seen.set(e.type, e);
  };

  it("created, updated, deleted: a draft's life", async () => {
    const { api } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    await api.patch(`/v1/invoices/${draft.body.id}`, { memo: "changed" });
    expect((await api.delete(`/v1/invoices/${draft.body.id}`)).status).toBe(200);
    const events = await feed(api, draft.body.id);
    expect(events.map((e) => e.type)).toEqual(["invoice.created", "invoice.updated", "invoice.deleted"]);
    expect(events[2]!.data.object).toMatchObject({ id: draft.body.id, status: "draft" });
    record(events);
  });

  it("finalized, marked_uncollectible, voided", async () => {
    const { api } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    await api.post(`/v1/invoices/${draft.body.id}/finalize`);
    await api.post(`/v1/invoices/${draft.body.id}/mark_uncollectible`);
    await api.post(`/v1/invoices/${draft.body.id}/void`);
    const events = await feed(api, draft.body.id);
    expect(events.map((e) => [e.type, e.data.object.status])).toEqual([
      ["invoice.created", "draft"],
      ["invoice.finalized", "finalized"],
      ["invoice.marked_uncollectible", "uncollectible"],
      ["invoice.voided", "voided"],
    ]);
    record(events);
  });

  it("delivery_failed: an email the provider refused, with nothing recorded as sent", async () => {
    const { api, apiKey } = await newAccount();
    const customer = await api.post("/v1/customers", seedCustomer);
    const draft = await api.post("/v1/invoices", seedInvoiceBody(customer.body.id));
    await api.post(`/v1/invoices/${draft.body.id}/finalize`);
    const res = await fetchWithBindings({ EMAIL: refusingBinding }, "POST", `/v1/invoices/${draft.body.id}/send`, { apiKey, body: {} });
    expect(res.status).toBe(502);
    const events = await feed(api, draft.body.id);
    const failed = events.find((e) => e.type === "invoice.delivery_failed") as Event & { data: { delivery: { error: string; sent_to: string[] } } };
    expect(failed.data.object.status).toBe("finalized");
    expect(failed.data.delivery).toMatchObject({ sent_to: [seedCustomer.email], error: expect.stringContaining("550") });
    expect(events.some((e) => e.type === "invoice.sent")).toBe(false);
    record(events);
  });

  it("sent, reminder_sent, overdue, viewed, payment_succeeded, paid: the seed invoice chased and paid", async () => {
    const clock = new TestClock("2024-01-20T12:00:00.000Z");
    const { api, invoiceId } = await seedSentInvoice(clock, new RecordingMailer());
    await runUntilIdle(invoiceId, clock, "2024-02-20T00:00:00.000Z");
    const invoice = (await api.get(`/v1/invoices/${invoiceId}`)).body;
    expect(invoice.status).toBe("overdue");
    const page = await rawFetch(new URL(invoice.public_url).pathname);
    expect(page.status).toBe(200);
    await api.post(`/v1/invoices/${invoiceId}/payments`, { amount: invoice.amount_due });
    const events = await feed(api, invoiceId);
    const types = events.map((e) => e.type);
    for (const t of ["invoice.sent", "invoice.reminder_sent", "invoice.overdue", "invoice.payment_succeeded", "invoice.paid"]) expect(types).toContain(t);
    expect(events.find((e) => e.type === "invoice.overdue")!.data.object.status).toBe("overdue");
    expect(events.find((e) => e.type === "invoice.paid")!.data.object.status).toBe("paid");
    record(events);
  });

  it("reminders_stopped: a reminder that can never be sent stops the schedule and says why", async () => {
    const clock = new TestClock("2024-01-20T12:00:00.000Z");
    const { api, invoiceId, accountId } = await seedSentInvoice(clock, new RecordingMailer());
    // An address stored before the API refused such addresses: only the mailer's check is left.
    await env.DB.prepare("UPDATE customers SET email = 'x@a-.com' WHERE account_id = ?").bind(accountId).run();
    await instrument(invoiceId, { clock });
    await runUntilIdle(invoiceId, clock, "2024-01-28T00:00:00.000Z");
    const events = await feed(api, invoiceId);
    const stopped = events.find((e) => e.type === "invoice.reminders_stopped") as Event & { data: { reason: string; object: { reminders_enabled: boolean } } };
    expect(stopped.data.reason).toContain("email");
    expect(stopped.data.object.reminders_enabled).toBe(false);
    expect((await api.get(`/v1/invoices/${invoiceId}`)).body).toMatchObject({ reminders_enabled: false, next_reminder_date: null });
    record(events);
  });

  it("together: each invoice type, each carrying its invoice", () => {
    const invoiceTypes = EVENT_TYPES.filter((t) => t.startsWith("invoice."));
    expect([...seen.keys()].sort()).toEqual([...invoiceTypes].sort());
    for (const e of seen.values()) expect(e.data.object.object, e.type).toBe("invoice");
  });
});
