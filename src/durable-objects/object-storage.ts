import type { SendNotes } from "../services/reminders/once-mailer";

/*
 * What the scheduler objects (invoice-scheduler.ts, schedule-runner.ts) share: one task at a
 * time, and send notes kept in the object's own storage.
 */

/**
 * Runs tasks one after another. Syncs and the alarm interleave at every await on D1; one at a
 * time keeps the armed alarm equal to the last decision. A failed task does not stop the next.
 */
export function serialQueue() {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
}

/** Send notes (once-mailer.ts) under `send:{key}` in the object's storage, flushed to disk on demand. */
export function storageSendNotes(storage: DurableObjectStorage): SendNotes {
  const { kv } = storage;
  return {
    get: (key) => kv.get(`send:${key}`),
    put: (key, note) => kv.put(`send:${key}`, note),
    delete: (key) => void kv.delete(`send:${key}`),
    flush: () => storage.sync(),
  };
}
