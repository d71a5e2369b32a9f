import { sendTasks, type TaskQueue } from "../../queue/messages";

/**
 * The hand-off from a committed change to its webhooks. Events are written in the change's own
 * D1 batch (src/db/event-writes.ts); what remains is to tell the queue that an account has
 * some. Anything acting for an account notes it here, and the entry point (the request, the
 * alarm) flushes once at its end. A flush that never happens (the Worker died) only delays
 * delivery: the sweep finds events left undispatched.
 */
export type Outbox = {
  /** An account something acted for: its events, if any, get dispatched at the flush. */
  touched: (accountId: string) => void;
  flush: () => Promise<void>;
};

export function queueOutbox(queue: TaskQueue | undefined): Outbox {
  const accounts = new Set<string>();
  return {
    touched: (accountId) => void accounts.add(accountId),
    async flush() {
      if (!queue || accounts.size === 0) return;
      const tasks = [...accounts].map((account_id) => ({ body: { kind: "dispatch" as const, account_id } }));
      accounts.clear();
      await sendTasks(queue, tasks);
    },
  };
}
