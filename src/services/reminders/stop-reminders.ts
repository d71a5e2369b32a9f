import { invoiceOf } from "../../db/invoice-state-queries";
import { applyGuardedChange } from "../../db/invoice-writes";
import type { InvoiceContext } from "../invoices/context";
import { loadState, RETRY, withFreshRow } from "../invoices/load";

/** Turns the invoice's reminders off and says why in its timeline (invoice.reminders_stopped). */
export async function stopReminders(ctx: InvoiceContext, invoiceId: string, reason: string): Promise<void> {
  await withFreshRow(ctx, await loadState(ctx, invoiceId), async (state) => {
    const now = ctx.now().toISOString();
    const written = await applyGuardedChange(ctx.db, {
      row: state.row,
      set: { remindersEnabled: false, nextReminderAt: null },
      now,
      events: [{ type: "invoice.reminders_stopped", actor: ctx.actor, requestId: ctx.requestId, detail: { reason } }],
      snapshot: (w) => invoiceOf(state, w, ctx.baseUrl),
    });
    return written ? true : RETRY;
  });
}
