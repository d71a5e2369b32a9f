import type { RouteHandler } from "@hono/zod-openapi";
import { getAccount, updateAccount } from "../../db/account-queries";
import type { AppEnv } from "../../env";
import { asReminderPolicy } from "../../domain/reminders";
import type { Account } from "../../domain/types";
import { queueAccountResync, resyncQueue } from "../../services/reminders/resync-account";
import type { getAccountRoute, updateAccountRoute } from "./account.routes";

const present = (account: Account) => ({ ...account, reminder_policy: asReminderPolicy(account.reminder_policy) });

export const getAccountHandler: RouteHandler<typeof getAccountRoute, AppEnv> = async (c) =>
  c.json(present(await getAccount(c.get("db"), c.get("principal").accountId)), 200);

export const updateAccountHandler: RouteHandler<typeof updateAccountRoute, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  // The default policy and the time zone place every open invoice's alarm: re-armed from the queue.
  const resync = body.reminder_policy !== undefined || body.timezone !== undefined ? resyncQueue(c.var.ctx) : undefined;
  const account = await updateAccount(c.get("db"), c.get("principal").accountId, {
    name: body.name,
    legalName: body.legal_name,
    email: body.email,
    phone: body.phone,
    address: body.address,
    taxId: body.tax_id,
    companyId: body.company_id,
    electronicAddress: body.electronic_address,
    bankDetails: body.bank_details,
    invoicePrefix: body.invoice_prefix,
    creditNotePrefix: body.credit_note_prefix,
    defaultCurrency: body.default_currency,
    timezone: body.timezone,
    defaultPaymentTerms: body.default_payment_terms,
    senderEmail: body.sender_email,
    senderName: body.sender_name,
    logoUrl: body.logo_url,
    accentColor: body.accent_color,
    checkoutUrlTemplate: body.checkout_url_template,
    paymentLinkDisplay: body.payment_link_display,
    reminderPolicy: body.reminder_policy,
  });
  if (resync) await queueAccountResync(resync, account.id);
  return c.json(present(account), 200);
};
