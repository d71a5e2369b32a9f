import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../openapi/responses";
import {
  CreateInvoiceScheduleSchema,
  InvoiceScheduleListSchema,
  InvoiceScheduleSchema,
  ListInvoiceSchedulesQuery,
  UpcomingInvoiceSchema,
  UpdateInvoiceScheduleSchema,
} from "./invoice-schedules.schemas";

const read = [requireScope("invoices:read")];
const write = [requireScope("invoices:write")];
const params = idParam("Invoice schedule", "isch_3kq9x2m1");
const tags = ["Invoice schedules"];
const schedule = jsonResponse(InvoiceScheduleSchema, "The invoice schedule.");

export const createScheduleRoute = createRoute({
  method: "post",
  path: "/invoice_schedules",
  tags,
  summary: "Create an invoice schedule: an invoice issued every period, by itself, exactly once per period",
  description:
    "Each period (every interval_count days, weeks, months or years from start_date, in time_zone) the schedule issues one invoice from its template at issue_time: left a draft, finalized with the next number, or finalized and emailed (`issue`). Month-end start dates stay anchored (31 Jan → 29 Feb → 31 Mar). A start date in the past begins at the period in progress (if it began less than half a period, at most a day, ago) or the next one, unless `backfill` is true. Each invoice carries schedule_id and billing_period; line descriptions, memo and notes may use {period_start}, {period_end}, {month} and {year}. The template is priced on creation, so one that could not be issued is refused here, naming the field.",
  middleware: write,
  request: { body: jsonBody(CreateInvoiceScheduleSchema) },
  responses: { 201: schedule, ...errorResponses },
});

export const listSchedulesRoute = createRoute({
  method: "get",
  path: "/invoice_schedules",
  tags,
  summary: "List invoice schedules, newest first",
  description: "Filter by customer_id or status; page with `starting_after` / `ending_before`.",
  middleware: read,
  request: { query: ListInvoiceSchedulesQuery },
  responses: { 200: jsonResponse(InvoiceScheduleListSchema, "A page of invoice schedules."), ...errorResponses },
});

export const getScheduleRoute = createRoute({
  method: "get",
  path: "/invoice_schedules/{id}",
  tags,
  summary: "Retrieve an invoice schedule",
  description: "The schedule, its progress (next_period, issued_count) and when it issues next (next_issue_at).",
  middleware: read,
  request: { params },
  responses: { 200: schedule, ...errorResponses },
});

export const updateScheduleRoute = createRoute({
  method: "patch",
  path: "/invoice_schedules/{id}",
  tags,
  summary: "Update an invoice schedule's invoice or end, from the next period issued",
  description:
    "The template (lines, terms, memo, notes, discount, reminders, metadata), the issue mode, the end and backfill can change; invoices already issued stay as they are. The calendar (customer_id, interval, interval_count, start_date, time_zone, issue_time) is fixed: a 400 names the field. A canceled or completed schedule refuses changes (409).",
  middleware: write,
  request: { params, body: jsonBody(UpdateInvoiceScheduleSchema) },
  responses: { 200: schedule, ...errorResponses },
});

const action = (name: "pause" | "resume" | "cancel", summary: string, description: string) =>
  createRoute({
    method: "post",
    path: `/invoice_schedules/{id}/${name}`,
    tags,
    summary,
    description,
    middleware: write,
    request: { params },
    responses: { 200: schedule, ...errorResponses },
  });

export const pauseScheduleRoute = action(
  "pause",
  "Pause an invoice schedule: nothing is issued until it is resumed",
  "next_issue_at becomes null and the alarm is cleared. Pausing a paused schedule changes nothing.",
);
export const resumeScheduleRoute = action(
  "resume",
  "Resume a paused invoice schedule from its next period (nothing of the pause is issued)",
  "Issues from the first period due at or after now, backfill or not. Resuming an active schedule changes nothing.",
);
export const cancelScheduleRoute = action(
  "cancel",
  "Cancel an invoice schedule for good: it issues nothing more and refuses changes",
  "The alarm is cleared; invoices already issued are left as they are. Every change afterwards is a 409 `schedule_canceled`.",
);

export const upcomingInvoiceRoute = createRoute({
  method: "get",
  path: "/invoice_schedules/{id}/upcoming",
  tags,
  summary: "Preview the schedule's next invoice: totals computed, no number, nothing written",
  description:
    "Priced exactly as the runner will issue it, with the template, customer and account as they are now; for a paused schedule, the period resuming now would issue. 409 `schedule_has_no_upcoming` once canceled or completed.",
  middleware: read,
  request: { params },
  responses: { 200: jsonResponse(UpcomingInvoiceSchema, "The next invoice."), ...errorResponses },
});
