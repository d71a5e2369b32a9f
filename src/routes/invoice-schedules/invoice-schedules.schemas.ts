import { z } from "@hono/zod-openapi";
import { TAX_CATEGORIES } from "../../domain/types";
import { ISSUE_MODES, SCHEDULE_STATUSES, type InvoiceSchedule } from "../../domain/schedules/schedule";
import { ANCHORS, MAX_INTERVAL_COUNT } from "../../domain/schedules/periods";
import { CurrencySchema, DateSchema, MetadataSchema, TimezoneSchema, listEnvelope, listQuery, nullableRef } from "../../openapi/common-schemas";
import type { Same } from "../../openapi/same-shape";
import type { UpcomingInvoice } from "../../services/schedules/upcoming";
import { DiscountSchema, InvoiceSchema, LineItemInputSchema } from "../invoices/invoices.schemas";
import { ReminderPolicySchema } from "../invoices/reminders.schemas";

const INTERVALS = ["day", "week", "month", "year"] as const;

const ANCHOR_TEXT =
  'Monthly and yearly periods start on start_date\'s day, clamped in short months ("start_date": 31 Jan → 29 Feb → 31 Mar), or on the last day of each month ("month_end", start_date a month\'s last day: 30 Apr → 31 May → 30 Jun).';

const PLACEHOLDER_TEXT = "May use {period_start}, {period_end}, {month} and {year}: filled in for each period's invoice, in the customer's locale.";

const EndSchema = z
  .union([
    z.strictObject({ after_count: z.number().int().min(1).max(100_000).openapi({ description: "Issue this many periods, then complete." }) }),
    z.strictObject({ on_date: DateSchema.openapi({ description: "The last period is the one starting on or before this date." }) }),
  ])
  .openapi("InvoiceScheduleEnd");

const IssueSchema = z.enum(ISSUE_MODES).openapi({
  description: '"draft": each period leaves a draft; "finalize" (the default): numbered and open, its reminders armed; "send": finalized and emailed.',
});

const IssueTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour local time, HH:MM")
  .openapi({ description: "The local time, in time_zone, each period's invoice is issued.", example: "09:00" });

/** A template line as stored: what was given on the schedule, priced anew for each period. */
const TemplateLineSchema = z
  .object({
    description: z.string().openapi({ description: PLACEHOLDER_TEXT }),
    quantity: z.union([z.number(), z.string()]),
    unit_price: z.number().int(),
    tax_rate: z.union([z.number(), z.string()]).nullable().optional(),
    tax_category: z.enum(TAX_CATEGORIES).nullable().optional(),
    tax_exemption_reason: z.string().nullable().optional(),
    tax_exemption_reason_code: z.string().nullable().optional(),
    unit_code: z.string().nullable().optional(),
    product_id: z.string().nullable().optional(),
    account_code: z.string().nullable().optional(),
  })
  .openapi("InvoiceScheduleLine");

export const InvoiceScheduleSchema = z
  .object({
    id: z.string().openapi({ example: "isch_3kq9x2m1", description: "Unique identifier, prefixed isch_." }),
    object: z.literal("invoice_schedule").openapi({ description: 'Always "invoice_schedule".' }),
    customer_id: z.string().openapi({ description: "The customer every invoice bills." }),
    status: z.enum(SCHEDULE_STATUSES).openapi({ description: "active → paused ⇄ active → canceled, or completed once its last period is issued." }),
    interval: z.enum(INTERVALS).openapi({ description: "The unit of the period." }),
    interval_count: z.number().int().openapi({ description: "Periods last this many intervals." }),
    start_date: z
      .string()
      .openapi({ description: "The first day of period 0, and the anchor of every period: a schedule from 31 January bills 29 February, then 31 March." }),
    anchor: z.enum(ANCHORS).openapi({ description: ANCHOR_TEXT }),
    time_zone: z.string().openapi({ description: "Whose calendar and clock the periods follow (the account's when created, unless given)." }),
    issue_time: z.string().openapi({ description: "HH:MM in time_zone: when each period's invoice is issued, across daylight-saving changes." }),
    end: nullableRef(EndSchema).openapi({ description: "After a number of periods, on a date, or never (null)." }),
    backfill: z.boolean().openapi({ description: "Issue periods that went by unissued (a past start date, an outage) late, instead of skipping them." }),
    issue: IssueSchema,
    currency: z.string().openapi({ description: "ISO 4217 currency of the invoices." }),
    line_items: z.array(TemplateLineSchema).openapi({ description: "The lines each invoice starts from, priced anew per period." }),
    discount: nullableRef(DiscountSchema).openapi({ description: "The discount each invoice takes, if any." }),
    days_until_due: z.number().int().nullable().openapi({ description: "Each invoice is due this many days after its issue date." }),
    payment_terms: z.string().nullable().openapi({ description: "Terms setting the due date when days_until_due is null; null: the account's default." }),
    memo: z.string().nullable().openapi({ description: PLACEHOLDER_TEXT }),
    notes: z.string().nullable().openapi({ description: PLACEHOLDER_TEXT }),
    purchase_order_number: z.string().nullable().openapi({ description: "The buyer's order reference each invoice carries." }),
    payment_link_display: z
      .enum(["SHOW_PAYMENT_LINK", "HIDE_PAYMENT_LINK"])
      .nullable()
      .openapi({ description: "Whether the invoices' emails and pay pages show Pay now; null: the account's setting." }),
    reminders_enabled: z.boolean().openapi({ description: "Whether the issued invoices are chased with reminders." }),
    reminder_policy: nullableRef(ReminderPolicySchema).openapi({ description: "The invoices' reminder policy; null: the account's default." }),
    metadata: MetadataSchema.openapi({ description: "The schedule's own; each invoice it issues carries it too." }),
    next_period: z.number().int().openapi({ description: "The first period neither issued nor skipped; 0 starts on start_date." }),
    issued_count: z.number().int().openapi({ description: "Invoices issued so far (periods skipped without backfill not counted)." }),
    next_issue_at: z.string().nullable().openapi({ description: "When the next period's invoice is issued; null unless active." }),
    last_issued_at: z.string().nullable().openapi({ description: "When the latest invoice was issued." }),
    active_since: z.string().openapi({ description: "Created or last resumed: nothing before it is issued on resume." }),
    paused_at: z.string().nullable().openapi({ description: "When it was paused, while paused." }),
    canceled_at: z.string().nullable().openapi({ description: "When it was canceled." }),
    completed_at: z.string().nullable().openapi({ description: "When its last period was issued (or its end passed)." }),
    created_at: z.string().openapi({ description: "When it was created." }),
    updated_at: z.string().openapi({ description: "When it last changed, by the API or by issuing a period." }),
  })
  .openapi("InvoiceSchedule", { description: "Issues one invoice per period from its template, by itself, exactly once per period." });

const templateFields = {
  currency: CurrencySchema,
  line_items: z
    .array(LineItemInputSchema)
    .min(1)
    .max(1000)
    .openapi({ description: `As on invoices. Descriptions ${PLACEHOLDER_TEXT}` }),
  discount: nullableRef(DiscountSchema),
  days_until_due: z
    .number()
    .int()
    .min(0)
    .max(3650)
    .nullable()
    .openapi({ description: "Each invoice is due this many days after its issue date; or give payment_terms (the account's default without either)." }),
  payment_terms: z.string().max(40).nullable().openapi({ example: "Net 30" }),
  memo: z.string().max(5000).nullable().openapi({ description: PLACEHOLDER_TEXT }),
  notes: z.string().max(5000).nullable().openapi({ description: PLACEHOLDER_TEXT }),
  purchase_order_number: z.string().max(100).nullable(),
  payment_link_display: z.enum(["SHOW_PAYMENT_LINK", "HIDE_PAYMENT_LINK"]).nullable(),
  reminders_enabled: z.boolean(),
  reminder_policy: nullableRef(ReminderPolicySchema).openapi({ description: "The invoices' reminder policy; null: the account's default." }),
  metadata: MetadataSchema.openapi({ description: "The schedule's own; each invoice it issues carries it too." }),
  issue: IssueSchema,
  end: nullableRef(EndSchema).openapi({ description: "After a number of periods, on a date, or never (null, the default)." }),
  backfill: z.boolean(),
};

const calendarFields = {
  customer_id: z.string().min(1).max(64),
  interval: z.enum(INTERVALS),
  interval_count: z.number().int().min(1).max(MAX_INTERVAL_COUNT).openapi({ description: "Every N intervals (default 1)." }),
  start_date: DateSchema.openapi({ description: "The first period's first day (default: today in time_zone)." }),
  anchor: z.enum(ANCHORS).openapi({ description: `${ANCHOR_TEXT} Default start_date.` }),
  time_zone: TimezoneSchema,
  issue_time: IssueTimeSchema,
};

export const CreateInvoiceScheduleSchema = z
  .strictObject({ ...calendarFields, ...templateFields })
  .partial()
  .required({ customer_id: true, interval: true, line_items: true })
  .openapi("CreateInvoiceSchedule");

export const UpdateInvoiceScheduleSchema = z
  .strictObject({ ...calendarFields, ...templateFields })
  .partial()
  .openapi("UpdateInvoiceSchedule", {
    description:
      'Changes apply from the next period issued. customer_id, interval, interval_count, start_date, anchor, time_zone and issue_time are fixed once created (a 400 says so); metadata merges, a key set to "" is removed.',
  });

export const ListInvoiceSchedulesQuery = z.object({
  ...listQuery,
  customer_id: z.string().max(64).optional(),
  status: z.enum(SCHEDULE_STATUSES).optional(),
});

export const InvoiceScheduleListSchema = listEnvelope(InvoiceScheduleSchema, "InvoiceScheduleList");

export const UpcomingInvoiceSchema = InvoiceSchema.omit({ id: true, object: true, invoice_number: true, status: true, pdf_url: true, public_url: true })
  .extend({
    object: z.literal("upcoming_invoice"),
    schedule_id: z.string(),
    period: z.number().int().openapi({ description: "The period this invoice bills (0 starts on start_date)." }),
    issue_at: z.string().openapi({ description: "When the schedule issues it; now for a period already due." }),
  })
  .openapi("UpcomingInvoice", { description: "The schedule's next invoice as it would be issued today: priced, without a number, written nowhere." });

// The types the services return and the schemas the API documents must describe the same objects.
const scheduleShape: Same<z.infer<typeof InvoiceScheduleSchema>, InvoiceSchedule> = true;
const upcomingShape: Same<z.infer<typeof UpcomingInvoiceSchema>, UpcomingInvoice> = true;
void scheduleShape;
void upcomingShape;
