/**
 * Time as the scheduler sees it. `now` is the time the schedule is computed in; `alarmTime`
 * turns one of those instants into the platform time to arm the Durable Object's alarm at.
 * Production uses the system clock, where both are the identity. Tests install a clock set
 * in 2024 whose alarms still land in the real future, so the platform never fires them on
 * its own and the test runs them with `runDurableObjectAlarm` after moving the clock.
 */
export interface SchedulerClock {
  now(): number;
  alarmTime(at: number): number;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  alarmTime: (at) => at,
};
