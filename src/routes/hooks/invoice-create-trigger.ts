import { findCustomerIdsByEmail } from "../../db/customer-queries";
import { DomainError } from "../../domain/errors";
import { invalidRequest } from "../../errors";
import { invalidRequestOf } from "../../openapi/validation-hook";
import { createAndSendInvoice } from "../../services/delivery/send-invoice";
import type { InvoiceContext } from "../../services/invoices/context";
import { createInvoiceOnce } from "../../services/invoices/drafts";
import type { CreateInvoice } from "../../services/webhooks/process-event";
import { InvoiceCreateEventSchema } from "./hooks.schemas";

/*
 * invoice.create at the per-account receiver: what POST /v1/invoices does (with send_email,
 * what it does then), through the same service functions, keyed by the event instead of an
 * Idempotency-Key. A fault in the data is the sender's to fix, so it is a 400 naming the field
 * and no receipt is recorded: the corrected event may keep its id. Faults found before anything
 * is written (schema, customer, an unemailable customer with send) leave no trace; one found
 * only after the draft was written (a negative total refused when finalizing for the send)
 * stays with that event id, since a replay finds that draft, as a retried POST /v1/invoices with
 * the same Idempotency-Key would.
 */

async function customerIdOf(ctx: InvoiceContext, id: string | undefined, email: string | undefined): Promise<string> {
  if (id && email) throw invalidRequest("data.customer_email", "Give data.customer_id or data.customer_email, not both.");
  // An id is checked by the create itself, which refuses another account's customer as unknown.
  if (id) return id;
  if (!email) throw invalidRequest("data.customer_id", "'data.customer_id' or 'data.customer_email' is required.");
  const [found, another] = await findCustomerIdsByEmail(ctx.db, ctx.accountId, email, 2);
  if (!found) throw invalidRequest("data.customer_email", `No customer of this account has the email '${email}'.`, "resource_missing");
  if (another) throw invalidRequest("data.customer_email", `Several customers of this account have the email '${email}'; give data.customer_id.`);
  return found;
}

export const createInvoiceFromEvent: CreateInvoice = async (ctx, data, eventKey) => {
  const parsed = InvoiceCreateEventSchema.safeParse({ data });
  if (!parsed.success) throw invalidRequestOf(parsed.error);
  const { customer_id, customer_email, send, send_email, ...fields } = parsed.data.data;
  const input = { ...fields, customer_id: await customerIdOf(ctx, customer_id, customer_email) };
  try {
    if (!(send ?? send_email)) return { invoiceId: (await createInvoiceOnce(ctx, input, eventKey)).state.row.id };
    return { invoiceId: (await createAndSendInvoice(ctx, input, eventKey, eventKey)).invoice.id };
  } catch (err) {
    // The domain names fields of the create body; here they sit under data. Its send_email is our send.
    if (err instanceof DomainError) {
      const field = err.param === "send_email" && send !== undefined ? "send" : err.param;
      throw invalidRequest(field ? `data.${field}` : "data", err.message, err.code);
    }
    throw err;
  }
};
