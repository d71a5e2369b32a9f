import PostalMime from "postal-mime";
import { expect, inject, it } from "vitest";
import { seedCustomer } from "../helpers/seed";
import { listCapturedMail, readCapturedEml } from "./captured-mail";

const baseUrl = inject("baseUrl");
const headers = { Authorization: `Bearer ${inject("apiKey")}`, "Content-Type": "application/json" };

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it("a daily schedule with issue: send is issued by its Durable Object's alarm, and the email is a real .eml with the invoice's PDF", async () => {
  const customer = await call("POST", "/v1/customers", { ...seedCustomer, name: "Daily Subscriber", email: "daily@subscriber.test" });
  expect(customer.status).toBe(201);
  // Today's period, issued at this minute in UTC: due as soon as the schedule exists, so the
  // runner's alarm fires straight away under wrangler dev's real clock.
  const now = new Date();
  const created = await call("POST", "/v1/invoice_schedules", {
    customer_id: customer.body.id,
    interval: "day",
    start_date: now.toISOString().slice(0, 10),
    time_zone: "UTC",
    issue_time: now.toISOString().slice(11, 16),
    issue: "send",
    days_until_due: 7,
    line_items: [{ description: "Daily service {period_start}", quantity: 1, unit_price: 1250, tax_rate: 0.2 }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const scheduleId: string = created.body.id;
  expect(created.body).toMatchObject({ status: "active", next_period: 0 });

  const invoice = await until("the period's invoice to be sent", async () => {
    const list = await call("GET", `/v1/invoices?customer_id=${customer.body.id}`);
    const sent = list.body.data.find((i: any) => i.schedule_id === scheduleId && i.status === "sent");
    return sent ?? null;
  });
  expect(invoice).toMatchObject({
    schedule_id: scheduleId,
    billing_period: { start: created.body.start_date, end_inclusive: created.body.start_date },
    total_amount: 1500,
    sent_count: 1,
  });
  expect(invoice.invoice_number).toMatch(/^INV-\d{4}-\d{4}$/);
  expect(invoice.line_items[0].description).toMatch(/^Daily service \w{3} \d{1,2}, \d{4}$/);

  const subject = `Invoice ${invoice.invoice_number} from Stateset`;
  const captured = await until("the captured email", async () => {
    const found = (await listCapturedMail(baseUrl)).filter((m) => m.subject === subject);
    return found.length > 0 ? found : null;
  });
  expect(captured).toHaveLength(1);
  const message = await PostalMime.parse(readCapturedEml(captured[0]!.messageId));
  expect(message.to?.[0]?.address).toBe("daily@subscriber.test");
  expect(message.text).toContain("$15.00");
  expect(message.attachments.map((a) => a.filename)).toEqual([`invoice_${invoice.invoice_number}.pdf`]);
  const pdf = new Uint8Array(await (await fetch(`${baseUrl}/v1/invoices/${invoice.id}/pdf`, { headers })).arrayBuffer());
  const attached = message.attachments[0]!.content as ArrayBuffer | Uint8Array;
  expect(Buffer.from(attached instanceof Uint8Array ? attached : new Uint8Array(attached)).equals(Buffer.from(pdf))).toBe(true);
  expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe("%PDF-");

  // The schedule moved on to tomorrow's period; its runner's alarm is armed for it.
  const after = await call("GET", `/v1/invoice_schedules/${scheduleId}`);
  expect(after.body).toMatchObject({ issued_count: 1, next_period: 1 });
  expect(Date.parse(after.body.next_issue_at)).toBeGreaterThan(Date.now());
  // Canceled, so the dev server issues nothing more while other files run.
  expect((await call("POST", `/v1/invoice_schedules/${scheduleId}/cancel`)).body.status).toBe("canceled");
});
