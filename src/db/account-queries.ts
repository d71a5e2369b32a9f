import { eq } from "drizzle-orm";
import type { ReminderPolicy } from "../domain/reminders";
import type { Account, Address, BankDetails, PaymentLinkDisplay } from "../domain/types";
import type { Db } from "./client";
import { accounts } from "./schema";

export type AccountRow = typeof accounts.$inferSelect;

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    object: "account",
    name: row.name,
    legal_name: row.legalName,
    email: row.email,
    phone: row.phone,
    address: (row.address as Address | null) ?? null,
    tax_id: row.taxId,
    company_id: row.companyId,
    electronic_address: row.electronicAddress ?? null,
    bank_details: (row.bankDetails as BankDetails | null) ?? null,
    invoice_prefix: row.invoicePrefix,
    credit_note_prefix: row.creditNotePrefix,
    default_currency: row.defaultCurrency,
    timezone: row.timezone,
    default_payment_terms: row.defaultPaymentTerms,
    sender_email: row.senderEmail,
    sender_name: row.senderName,
    logo_url: row.logoUrl,
    accent_color: row.accentColor,
    checkout_url_template: row.checkoutUrlTemplate,
    payment_link_display: row.paymentLinkDisplay as PaymentLinkDisplay,
    reminder_policy: (row.reminderPolicy as ReminderPolicy | null) ?? null,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export async function findAccountRow(db: Db, accountId: string) {
  return db.query.accounts.findFirst({ where: eq(accounts.id, accountId) });
}

export async function getAccount(db: Db, accountId: string): Promise<Account> {
  const row = await findAccountRow(db, accountId);
  // The key that authenticated the request belongs to this account, so it exists.
  if (!row) throw new Error(`account ${accountId} vanished`);
  return toAccount(row);
}

export type AccountPatch = Partial<Omit<typeof accounts.$inferInsert, "id" | "createdAt">>;

export async function updateAccount(db: Db, accountId: string, patch: AccountPatch): Promise<Account> {
  await db
    .update(accounts)
    .set({ ...patch, updatedAt: new Date().toISOString() })
    .where(eq(accounts.id, accountId));
  return getAccount(db, accountId);
}
