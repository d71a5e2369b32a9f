import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Api, createCustomer, expectError, keyWithScopes } from "../helpers/api";
import { accountWithCustomer, runnerAlarm, runnerArmed, SCHEDULE_LINE, scheduleBody } from "../helpers/schedules";
import { InvoiceScheduleSchema, UpcomingInvoiceSchema } from "../../src/routes/invoice-schedules/invoice-schedules.schemas";

/*
 * The schedule API over HTTP. Start dates lie in 2027 or later, so no period is due while a
 * test runs and the runners' real alarms sit far ahead; the runner's own behaviour is driven
 * on a test clock in test/durable-objects/schedule-*.test.ts.
 */

async function create(api: Api, customerId: string, overrides: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res = await api.post("/v1/invoice_schedules", scheduleBody(customerId, overrides), headers);
  if (res.status !== 201) throw new Error(`schedule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const eventsOf = async (id: string) =>
  (await env.DB.prepare("SELECT type FROM events WHERE object_id = ? ORDER BY created_at, id").bind(id).all<{ type: string }>()).results.map((e) => e.type);

const countRows = async (table: "invoice_schedules" | "invoices", accountId: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE account_id = ?`).bind(accountId).first<{ n: number }>())!.n;

describe("POST /v1/invoice_schedules", () => {
  it("creates an active schedule in the account's time zone, with its runner armed for the first period", async () => {
    const { api, customerId } = await accountWithCustomer({ timezone: "Europe/Berlin" });
    const schedule = await create(api, customerId);
    expect(schedule).toMatchObject({
      object: "invoice_schedule",
      status: "active",
      customer_id: customerId,
      interval: "month",
      interval_count: 1,
      start_date: "2027-01-31",
      anchor: "start_date",
      time_zone: "Europe/Berlin",
      issue_time: "09:00",
      end: null,
      backfill: false,
      issue: "finalize",
      currency: "USD",
      next_period: 0,
      issued_count: 0,
      // 09:00 in Berlin in winter.
      next_issue_at: "2027-01-31T08:00:00.000Z",
      paused_at: null,
    });
    expect(schedule.id).toMatch(/^isch_/);
    expect((await runnerArmed(schedule.id))?.at).toBe("2027-01-31T08:00:00.000Z");
    expect(await runnerAlarm(schedule.id)).not.toBeNull();
    expect(await eventsOf(schedule.id)).toEqual(["invoice_schedule.created"]);
    expect((await api.get(`/v1/invoice_schedules/${schedule.id}`)).body).toEqual(schedule);
    // What is returned is what the document describes, key for key.
    expect(InvoiceScheduleSchema.strict().safeParse(schedule).error).toBeUndefined();
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    const noEmail = await createCustomer(api, { email: null });
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ interval: "fortnight" }, "interval"],
      [{ interval_count: 0 }, "interval_count"],
      [{ start_date: "2027-02-30" }, "start_date"],
      [{ time_zone: "Mars/Olympus" }, "time_zone"],
      [{ issue_time: "25:00" }, "issue_time"],
      [{ end: { on_date: "2026-12-31" } }, "end.on_date"],
      [{ end: { after_count: 0 } }, "end.after_count"],
      [{ payment_terms: "Net 30" }, "payment_terms"],
      [{ customer_id: "cust_nope" }, "customer_id", "resource_missing"],
      [{ customer_id: noEmail, issue: "send" }, "issue"],
      [{ line_items: [] }, "line_items"],
      [{ line_items: [{ ...SCHEDULE_LINE, tax_category: "S", tax_rate: 0 }] }, "line_items.0.tax_rate"],
      [{ unknown_field: 1 }, "unknown_field"],
      // 101 weeks already gone by, with backfill: refused rather than billed at once.
      [{ interval: "week", start_date: "2024-12-01", backfill: true }, "start_date"],
      [{ anchor: "month_end", start_date: "2027-04-29" }, "start_date"],
      [{ anchor: "month_end", interval: "week", start_date: "2027-04-30" }, "anchor"],
    ];
    for (const [overrides, param, code] of cases) {
      const res = await api.post("/v1/invoice_schedules", scheduleBody(customerId, overrides));
      expectError(res, 400, { type: "invalid_request_error", param, ...(code ? { code } : {}) });
    }
    expect(await countRows("invoice_schedules", accountId)).toBe(0);
  });

  it("creates one schedule per Idempotency-Key, however often the request is retried", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    const headers = { "Idempotency-Key": "sched-1" };
    const first = await create(api, customerId, {}, headers);
    const again = await api.post("/v1/invoice_schedules", scheduleBody(customerId), headers);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.id);
    expect(await countRows("invoice_schedules", accountId)).toBe(1);
    expect(await eventsOf(first.id)).toEqual(["invoice_schedule.created"]);
  });

  it('anchor "month_end" bills the last day of every month', async () => {
    const { api, customerId } = await accountWithCustomer();
    const schedule = await create(api, customerId, { start_date: "2027-04-30", anchor: "month_end" });
    expect(schedule).toMatchObject({ anchor: "month_end", next_issue_at: "2027-04-30T09:00:00.000Z" });
    const upcoming = (await api.get(`/v1/invoice_schedules/${schedule.id}/upcoming`)).body;
    expect(upcoming.billing_period).toEqual({ start: "2027-04-30", end_inclusive: "2027-05-30" });
    expectError(await api.patch(`/v1/invoice_schedules/${schedule.id}`, { anchor: "start_date" }), 400, { param: "anchor" });
  });

  it("a start date in the past begins at the next period without backfill", async () => {
    const { api, customerId } = await accountWithCustomer();
    const withoutBackfill = await create(api, customerId, { interval: "year", start_date: "2020-03-01" });
    expect(withoutBackfill.next_period).toBe(7);
    expect(withoutBackfill.next_issue_at).toBe("2027-03-01T09:00:00.000Z");
  });
});

describe("reading schedules", () => {
  it("lists newest first, filtered by customer and status, paged by cursor", async () => {
    const { api, customerId } = await accountWithCustomer();
    const other = await createCustomer(api, { email: "other@customer.test" });
    const a = await create(api, customerId);
    const b = await create(api, other);
    const c = await create(api, customerId);
    await api.post(`/v1/invoice_schedules/${c.id}/pause`);
    const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((s) => s.id);
    expect(ids(await api.get("/v1/invoice_schedules"))).toEqual([c.id, b.id, a.id]);
    expect(ids(await api.get(`/v1/invoice_schedules?customer_id=${customerId}`))).toEqual([c.id, a.id]);
    expect(ids(await api.get("/v1/invoice_schedules?status=paused"))).toEqual([c.id]);
    const page = await api.get("/v1/invoice_schedules?limit=2");
    expect(page.body).toMatchObject({ object: "list", has_more: true, url: "/v1/invoice_schedules" });
    expect(ids(await api.get(`/v1/invoice_schedules?starting_after=${b.id}`))).toEqual([a.id]);
    expectError(await api.get("/v1/invoice_schedules?status=sleeping"), 400, { param: "status" });
  });

  it("another account's schedule is a 404 on every route, and absent from its lists", async () => {
    const victim = await accountWithCustomer();
    const theirs = await create(victim.api, victim.customerId);
    const attacker = await accountWithCustomer();
    for (const res of [
      await attacker.api.get(`/v1/invoice_schedules/${theirs.id}`),
      await attacker.api.get(`/v1/invoice_schedules/${theirs.id}/upcoming`),
      await attacker.api.patch(`/v1/invoice_schedules/${theirs.id}`, { memo: "mine" }),
      await attacker.api.post(`/v1/invoice_schedules/${theirs.id}/pause`),
      await attacker.api.post(`/v1/invoice_schedules/${theirs.id}/resume`),
      await attacker.api.post(`/v1/invoice_schedules/${theirs.id}/cancel`),
    ])
      expectError(res, 404, { type: "not_found_error" });
    expect((await attacker.api.get("/v1/invoice_schedules")).body.data).toEqual([]);
    expectError(await attacker.api.get(`/v1/invoice_schedules?starting_after=${theirs.id}`), 400, { param: "starting_after" });
    // Nor can a schedule bill another account's customer.
    expectError(await attacker.api.post("/v1/invoice_schedules", scheduleBody(victim.customerId)), 400, { param: "customer_id" });
    expect((await victim.api.get(`/v1/invoice_schedules/${theirs.id}`)).body).toEqual(theirs);
  });

  it("reads need invoices:read and changes invoices:write", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    const schedule = await create(api, customerId);
    const reader = await keyWithScopes(accountId, ["invoices:read"]);
    expect((await reader.get(`/v1/invoice_schedules/${schedule.id}`)).status).toBe(200);
    expect((await reader.get(`/v1/invoice_schedules/${schedule.id}/upcoming`)).status).toBe(200);
    expectError(await reader.post("/v1/invoice_schedules", scheduleBody(customerId)), 403);
    expectError(await reader.post(`/v1/invoice_schedules/${schedule.id}/cancel`), 403);
    const customersOnly = await keyWithScopes(accountId, ["customers:read"]);
    expectError(await customersOnly.get("/v1/invoice_schedules"), 403);
  });
});

describe("GET /v1/invoice_schedules/{id}/upcoming", () => {
  it("previews the next invoice priced, numberless, with its placeholders filled, and writes nothing", async () => {
    const { api, accountId, customerId } = await accountWithCustomer();
    const schedule = await create(api, customerId, {
      memo: "For {period_start} to {period_end}",
      discount: { type: "percent", percent: 10 },
    });
    const before = await eventsOf(schedule.id);
    const res = await api.get(`/v1/invoice_schedules/${schedule.id}/upcoming`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: "upcoming_invoice",
      schedule_id: schedule.id,
      period: 0,
      issue_at: "2027-01-31T09:00:00.000Z",
      issue_date: "2027-01-31",
      due_date: "2027-02-14",
      billing_period: { start: "2027-01-31", end_inclusive: "2027-02-27" },
      memo: "For Jan 31, 2027 to Feb 27, 2027",
      subtotal: 250000,
      discount_amount: 25000,
      tax_amount: 22500,
      total_amount: 247500,
      amount_due: 247500,
    });
    expect(res.body.line_items[0]).toMatchObject({ description: "Retainer January 2027", amount: 250000, tax_amount: 22500 });
    expect(UpcomingInvoiceSchema.strict().safeParse(res.body).error).toBeUndefined();
    expect(res.body).not.toHaveProperty("invoice_number");
    expect(res.body).not.toHaveProperty("id");
    expect(await countRows("invoices", accountId)).toBe(0);
    expect(await eventsOf(schedule.id)).toEqual(before);
  });
});

describe("changing a schedule", () => {
  it("PATCH changes the template from the next period, merges metadata, and refuses the calendar", async () => {
    const { api, customerId } = await accountWithCustomer();
    const schedule = await create(api, customerId, { metadata: { plan: "gold", region: "eu" } });
    const res = await api.patch(`/v1/invoice_schedules/${schedule.id}`, {
      line_items: [{ ...SCHEDULE_LINE, unit_price: 300000 }],
      payment_terms: "Net 30",
      metadata: { region: "" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ payment_terms: "Net 30", days_until_due: null, metadata: { plan: "gold" } });
    expect(res.body.line_items[0].unit_price).toBe(300000);
    expect(Date.parse(res.body.updated_at)).toBeGreaterThan(Date.parse(schedule.updated_at));
    const upcoming = (await api.get(`/v1/invoice_schedules/${schedule.id}/upcoming`)).body;
    expect(upcoming).toMatchObject({ subtotal: 300000, payment_terms: "Net 30", due_date: "2027-03-02" });
    expect(await eventsOf(schedule.id)).toEqual(["invoice_schedule.created", "invoice_schedule.updated"]);
    const updated = await env.DB.prepare("SELECT data FROM events WHERE object_id = ? AND type = 'invoice_schedule.updated'")
      .bind(schedule.id)
      .first<{ data: string }>();
    expect(JSON.parse(updated!.data)).toMatchObject({ object: { payment_terms: "Net 30" }, fields: ["line_items", "payment_terms", "metadata"] });

    for (const field of ["interval", "start_date", "time_zone", "issue_time", "interval_count", "customer_id"]) {
      const value = { interval: "week", start_date: "2027-02-01", time_zone: "UTC", issue_time: "10:00", interval_count: 2, customer_id: customerId }[field];
      const refused = expectError(await api.patch(`/v1/invoice_schedules/${schedule.id}`, { [field]: value }), 400, { param: field });
      expect(refused.message).toContain("cannot be changed");
    }
    expectError(await api.patch(`/v1/invoice_schedules/${schedule.id}`, { days_until_due: 7, payment_terms: "Net 10" }), 400, { param: "payment_terms" });
    expectError(await api.patch(`/v1/invoice_schedules/${schedule.id}`, { line_items: [{ ...SCHEDULE_LINE, tax_category: "Z" }] }), 400, {
      param: "line_items.0.tax_rate",
    });
    expect((await api.get(`/v1/invoice_schedules/${schedule.id}`)).body).toEqual(res.body);
  });

  it("pause clears next_issue_at and the alarm, resume re-arms, cancel ends it for good (409 on every change after)", async () => {
    const { api, customerId } = await accountWithCustomer();
    const schedule = await create(api, customerId);

    const paused = await api.post(`/v1/invoice_schedules/${schedule.id}/pause`);
    expect(paused.body).toMatchObject({ status: "paused", next_issue_at: null });
    expect(paused.body.paused_at).not.toBeNull();
    expect(await runnerAlarm(schedule.id)).toBeNull();
    // Pausing again changes nothing and records nothing.
    expect((await api.post(`/v1/invoice_schedules/${schedule.id}/pause`)).body).toEqual(paused.body);
    expect((await api.get(`/v1/invoice_schedules/${schedule.id}/upcoming`)).body.period).toBe(0);

    const resumed = await api.post(`/v1/invoice_schedules/${schedule.id}/resume`);
    expect(resumed.body).toMatchObject({ status: "active", paused_at: null, next_period: 0, next_issue_at: "2027-01-31T09:00:00.000Z" });
    expect(await runnerAlarm(schedule.id)).not.toBeNull();

    const canceled = await api.post(`/v1/invoice_schedules/${schedule.id}/cancel`);
    expect(canceled.body).toMatchObject({ status: "canceled", next_issue_at: null });
    expect(await runnerAlarm(schedule.id)).toBeNull();
    expect(await runnerArmed(schedule.id)).toBeNull();

    for (const res of [
      await api.patch(`/v1/invoice_schedules/${schedule.id}`, { memo: "again" }),
      await api.post(`/v1/invoice_schedules/${schedule.id}/pause`),
      await api.post(`/v1/invoice_schedules/${schedule.id}/resume`),
      await api.post(`/v1/invoice_schedules/${schedule.id}/cancel`),
    ])
      expectError(res, 409, { type: "conflict_error", code: "schedule_canceled" });
    expectError(await api.get(`/v1/invoice_schedules/${schedule.id}/upcoming`), 409, { code: "schedule_has_no_upcoming" });
    expect((await api.get(`/v1/invoice_schedules/${schedule.id}`)).body).toEqual(canceled.body);
    expect(await eventsOf(schedule.id)).toEqual([
      "invoice_schedule.created",
      "invoice_schedule.paused",
      "invoice_schedule.resumed",
      "invoice_schedule.canceled",
    ]);
  });

  it("its events are in the feed, each carrying the schedule, and endpoints can subscribe to all six", async () => {
    const { api, customerId } = await accountWithCustomer();
    const schedule = await create(api, customerId);
    await api.post(`/v1/invoice_schedules/${schedule.id}/pause`);
    const feed = (await api.get(`/v1/events?object_id=${schedule.id}`)).body.data.reverse();
    expect(feed.map((e: { type: string }) => e.type)).toEqual(["invoice_schedule.created", "invoice_schedule.paused"]);
    expect(feed[1].data.object).toMatchObject({ id: schedule.id, object: "invoice_schedule", status: "paused" });
    const types = ["created", "updated", "paused", "resumed", "canceled", "completed"].map((t) => `invoice_schedule.${t}`);
    const endpoint = await api.post("/v1/webhook_endpoints", { url: "https://example.com/hook", enabled_events: types });
    expect(endpoint.status).toBe(201);
    expect(endpoint.body.enabled_events).toEqual(types);
  });

  it("a PATCH that leaves the invoice alone is not refused for what the customer became since; one that touches it is checked again", async () => {
    const { api, customerId } = await accountWithCustomer();
    const schedule = await create(api, customerId, { issue: "send" });
    await api.patch(`/v1/customers/${customerId}`, { email: null });
    const memo = await api.patch(`/v1/invoice_schedules/${schedule.id}`, { memo: "Thank you", metadata: { plan: "gold" } });
    expect(memo.status, JSON.stringify(memo.body)).toBe(200);
    expectError(await api.patch(`/v1/invoice_schedules/${schedule.id}`, { issue: "send", memo: "again" }), 400, { param: "issue" });
    expect((await api.get(`/v1/invoice_schedules/${schedule.id}`)).body.memo).toBe("Thank you");
  });

  it("a customer billed by a schedule cannot be deleted", async () => {
    const { api, customerId } = await accountWithCustomer();
    const schedule = await create(api, customerId);
    await api.post(`/v1/invoice_schedules/${schedule.id}/cancel`);
    expectError(await api.delete(`/v1/customers/${customerId}`), 409, { code: "customer_has_schedules" });
    expect((await api.get(`/v1/customers/${customerId}`)).status).toBe(200);
  });
});
