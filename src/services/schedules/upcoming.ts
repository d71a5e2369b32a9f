import type { AccountRow } from "../../db/account-queries";
import { invoiceOf } from "../../db/invoice-state-queries";
import { withColumnDefaults } from "../../db/invoice-writes";
import { StateConflictError } from "../../domain/errors";
import { type InvoiceSchedule, periodIssueInstant, upcomingPeriod } from "../../domain/schedules/schedule";
import type { Customer, Invoice } from "../../domain/types";
import type { InvoiceContext } from "../invoices/context";
import { draftRow, storedLines } from "../invoices/drafts";
import { loadScheduleParties, periodInput } from "./issue-period";

/** The next invoice of a schedule, as it would be issued: priced, numberless, unsaved. */
export type UpcomingInvoice = Omit<Invoice, "id" | "object" | "invoice_number" | "status" | "pdf_url" | "public_url"> & {
  object: "upcoming_invoice";
  schedule_id: string;
  period: number;
  /** When the schedule issues it (now, for a period already due). */
  issue_at: string;
};

/**
 * Period n's invoice priced exactly as the runner will issue it (the same draftRow, the same
 * template, the customer and account as they are now), written nowhere. Its checks are the
 * draft's, so a template the runner could not issue fails here, naming the field.
 */
export function periodPreview(ctx: InvoiceContext, schedule: InvoiceSchedule, n: number, accountRow: AccountRow, customer: Customer): UpcomingInvoice {
  const { invoice, at } = periodDraftPreview(ctx, schedule, n, accountRow, customer);
  const { id: _id, object: _object, invoice_number: _number, status: _status, pdf_url: _pdf, public_url: _public, ...rest } = invoice;
  return { ...rest, object: "upcoming_invoice", schedule_id: schedule.id, period: n, issue_at: at.toISOString() };
}

/** Period n's invoice as the runner's draft would be, and when it is issued: what periodPreview shows, and what finalize will check. */
export function periodDraftPreview(ctx: InvoiceContext, schedule: InvoiceSchedule, n: number, accountRow: AccountRow, customer: Customer) {
  const now = ctx.now();
  const at = new Date(Math.max(now.getTime(), periodIssueInstant(schedule, n).getTime()));
  const id = "inv_upcoming";
  const { row, lines } = draftRow({ ...ctx, now: () => at }, periodInput(schedule, n, at, customer.locale ?? "en-US"), accountRow, customer, id);
  const invoice = invoiceOf(
    { lines: storedLines(ctx.accountId, id, lines), customer, refunds: [] },
    withColumnDefaults({ ...row, scheduleId: schedule.id, schedulePeriod: n }),
    ctx.baseUrl,
  );
  return { invoice, at };
}

/** GET …/upcoming: the next period's invoice; 409 when the schedule will issue no more. */
export async function upcomingInvoice(ctx: InvoiceContext, schedule: InvoiceSchedule): Promise<UpcomingInvoice> {
  const n = upcomingPeriod(schedule, ctx.now());
  if (n === null)
    throw new StateConflictError(
      "schedule_has_no_upcoming",
      `This invoice schedule is ${schedule.status === "active" ? "at its end" : schedule.status}; it issues no more invoices.`,
    );
  const { accountRow, customer } = await loadScheduleParties(ctx, schedule.customer_id);
  return periodPreview(ctx, schedule, n, accountRow, customer);
}
