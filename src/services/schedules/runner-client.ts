import { callWithRetries } from "../durable-object-call";

/** The side of the schedule runner that request handlers and the maintenance sweep see. */
export interface ScheduleRunner {
  /**
   * Re-reads the schedule and arms (or clears) its alarm; call after every committed change to
   * it. Resolves to the next issue time the runner armed for (what next_issue_at now shows).
   */
  sync(accountId: string, scheduleId: string): Promise<string | null>;
}

/** What the schedule's Durable Object answers over RPC (src/durable-objects/schedule-runner.ts implements it). */
export interface ScheduleRunnerObject {
  sync(accountId: string, scheduleId: string): Promise<{ at: string } | null>;
}

type RunnerEnv = { SCHEDULE_RUNNER: DurableObjectNamespace };

/** One Durable Object per schedule, addressed by the schedule id. */
export function runnerStub(env: RunnerEnv, scheduleId: string): ScheduleRunnerObject {
  const namespace = env.SCHEDULE_RUNNER;
  return namespace.get(namespace.idFromName(scheduleId)) as unknown as ScheduleRunnerObject;
}

/**
 * Awaited in the request after the D1 commit, retried with a fresh stub on a transient
 * Durable Object error, like the invoice scheduler's client (src/services/reminders/schedule.ts).
 */
export function scheduleRunnerFrom(env: RunnerEnv): ScheduleRunner {
  return {
    async sync(accountId, scheduleId) {
      return (await callWithRetries(() => runnerStub(env, scheduleId).sync(accountId, scheduleId)))?.at ?? null;
    },
  };
}

/**
 * Syncs after a committed change. A failure must not turn the request into a 5xx (the change
 * happened; a 5xx would invite a retry that repeats it): it is logged, and the maintenance
 * sweep re-arms a schedule whose next_issue_at passed without an invoice. `undefined`: not synced.
 */
export async function syncRunnerAfterCommit(runner: ScheduleRunner | undefined, accountId: string, scheduleId: string): Promise<string | null | undefined> {
  if (!runner) return undefined;
  try {
    return await runner.sync(accountId, scheduleId);
  } catch (err) {
    console.error(
      JSON.stringify({
        level: "error",
        message: "schedule runner sync failed after commit",
        account_id: accountId,
        schedule_id: scheduleId,
        error: String(err),
      }),
    );
    return undefined;
  }
}
