import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { TaskMessage, TaskQueue } from "../../src/queue/messages";
import { stubFor } from "./scheduler";

export const DAY_MS = 86_400_000;

/**
 * `count` invoices of the account in one statement (through the API they would take minutes),
 * ids `${prefix}0001`…, sent at `sentAt` with the default policy's first reminder (7 days
 * later) in next_reminder_at, as the send writes it. `createdSecondSql` (an SQL expression in i) spreads created_at
 * (seconds after `sentAt`), so tests can make created order differ from id order.
 */
export async function insertInvoices(opts: {
  accountId: string;
  customerId: string;
  count: number;
  prefix: string;
  sentAt: number;
  status?: "sent" | "paid";
  createdSecondSql?: string;
}): Promise<string[]> {
  const iso = new Date(opts.sentAt).toISOString();
  const status = opts.status ?? "sent";
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
     INSERT INTO invoices (id, account_id, customer_id, number, status, currency, issue_date, due_date, subtotal, tax_amount, total_amount,
                           amount_paid, metadata, finalized_at, sent_at, last_sent_at, sent_count, next_reminder_at, created_at, updated_at)
     SELECT printf('%s%04d', ?2, i), ?3, ?4, printf('%s-%04d', upper(?2), i), ?5, 'USD', ?6, ?7, 1000, 0, 1000,
            CASE ?5 WHEN 'paid' THEN 1000 ELSE 0 END, '{}', ?8, ?8, ?8, 1, CASE ?5 WHEN 'paid' THEN NULL ELSE ?9 END,
            strftime('%Y-%m-%dT%H:%M:%S.000Z', ?8, printf('+%d seconds', ${opts.createdSecondSql ?? "0"})), ?8
     FROM n`,
  )
    .bind(
      opts.count,
      opts.prefix,
      opts.accountId,
      opts.customerId,
      status,
      iso.slice(0, 10),
      new Date(opts.sentAt + 30 * DAY_MS).toISOString().slice(0, 10),
      iso,
      new Date(opts.sentAt + 7 * DAY_MS).toISOString(),
    )
    .run();
  return Array.from({ length: opts.count }, (_, i) => `${opts.prefix}${String(i + 1).padStart(4, "0")}`);
}

/** Each invoice's platform alarm (null: none), read 100 objects at a time. */
export async function platformAlarms(ids: string[]): Promise<Map<string, number | null>> {
  const found = new Map<string, number | null>();
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    const times = await Promise.all(batch.map((id) => runInDurableObject(stubFor(id), (_obj, state) => state.storage.getAlarm())));
    for (const [k, id] of batch.entries()) found.set(id, times[k]!);
  }
  return found;
}

/** Ids whose platform alarm is not at `at`. */
export async function alarmsNotAt(ids: string[], at: number): Promise<string[]> {
  const alarms = await platformAlarms(ids);
  return ids.filter((id) => alarms.get(id) !== at);
}

/** A work queue that keeps what it was given instead of delivering it. */
export function recordingQueue() {
  const sent: TaskMessage[] = [];
  const queue = {
    async send(body: TaskMessage) {
      sent.push(body);
    },
    async sendBatch(messages: Iterable<MessageSendRequest<TaskMessage>>) {
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as TaskQueue;
  const resyncs = () => sent.filter((m): m is Extract<TaskMessage, { kind: "resync" }> => m.kind === "resync");
  return { queue, sent, resyncs };
}
