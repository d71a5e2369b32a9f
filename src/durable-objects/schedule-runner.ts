import { DurableObject } from "cloudflare:workers";
import type { ScheduleRunnerObject } from "../services/schedules/runner-client";

/** One object per invoice schedule (idFromName(scheduleId)) owning the schedule's alarm. */
export class ScheduleRunner extends DurableObject<CloudflareBindings> implements ScheduleRunnerObject {
  async sync(_accountId: string, _scheduleId: string): Promise<{ at: string } | null> {
    return null;
  }
}
