import { callWithRetries } from "../durable-object-call";

/** The side of the reminder machinery that request handlers see. */
export interface Scheduler {
  /**
   * Re-reads the invoice and arms (or clears) its alarm; call after every change to it is
   * committed. Resolves to the next reminder's time (what next_reminder_date now shows).
   */
  sync(accountId: string, invoiceId: string): Promise<string | null>;
}

/**
 * What the invoice's Durable Object answers over RPC (src/durable-objects/invoice-scheduler.ts
 * implements it). Declared here rather than imported from the class, which is built from the
 * services that use this client.
 */
export interface SchedulerObject {
  sync(accountId: string, invoiceId: string): Promise<{ reminder: { at: string } | null } | null>;
}

type SchedulerEnv = { INVOICE_SCHEDULER: DurableObjectNamespace };

/** One Durable Object per invoice, addressed by the invoice id. */
function schedulerStub(env: SchedulerEnv, invoiceId: string): SchedulerObject {
  const namespace = env.INVOICE_SCHEDULER;
  return namespace.get(namespace.idFromName(invoiceId)) as unknown as SchedulerObject;
}

/**
 * Awaited in the request, after the D1 commit: the caller learns if the schedule could not be
 * updated instead of losing it in a background task. A Durable Object call can fail on a
 * transient error (object reset, network), so it is retried with a fresh stub.
 */
export function schedulerFrom(env: SchedulerEnv): Scheduler {
  return {
    async sync(accountId, invoiceId) {
      const wake = await callWithRetries(() => schedulerStub(env, invoiceId).sync(accountId, invoiceId));
      return wake?.reminder?.at ?? null;
    },
  };
}

/**
 * Syncs after a change D1 has already committed. A failure here must not turn the request
 * into a 5xx: the change happened, and a 5xx would release the Idempotency-Key and invite a
 * retry that repeats it. It is logged; `undefined` means "not synced, keep what D1 says".
 */
export async function syncAfterCommit(scheduler: Scheduler, accountId: string, invoiceId: string): Promise<string | null | undefined> {
  try {
    return await scheduler.sync(accountId, invoiceId);
  } catch (err) {
    console.error(
      JSON.stringify({ level: "error", message: "schedule sync failed after commit", account_id: accountId, invoice_id: invoiceId, error: String(err) }),
    );
    return undefined;
  }
}

/** Syncs many invoices, `concurrency` at a time (an account's default policy or time zone changed). */
export async function syncMany(scheduler: Scheduler, accountId: string, invoiceIds: string[], concurrency = 50): Promise<void> {
  for (let i = 0; i < invoiceIds.length; i += concurrency)
    await Promise.all(invoiceIds.slice(i, i + concurrency).map((id) => syncAfterCommit(scheduler, accountId, id)));
}
