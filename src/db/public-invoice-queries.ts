import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { IssuedParties } from "../domain/issued-parties";
import type { Account, Invoice } from "../domain/types";
import { toAccount } from "./account-queries";
import type { Db } from "./client";
import { creditingNoteNumbers } from "./credit-note-queries";
import { hydrate } from "./invoice-queries";
import { accounts, invoices } from "./schema";

/*
 * The pay page has no API key: the public token is the credential. The token lookup is the
 * one unscoped query; everything after it is scoped by the account that owns the invoice.
 * Drafts (no token yet) and voided invoices are answered exactly like an unknown token.
 */

export type PublicInvoice = { invoice: Invoice; account: Account; issuedParties: IssuedParties | null };

/** The pay page's invoice, with the numbers of the credit notes that lowered what it asks for. */
export async function findPublicInvoice(db: Db, token: string, baseUrl: string): Promise<(PublicInvoice & { creditNoteNumbers: string[] }) | null> {
  const row = await db.query.invoices.findFirst({
    where: and(eq(invoices.publicToken, token), isNotNull(invoices.finalizedAt), isNull(invoices.voidedAt)),
  });
  if (!row) return null;
  const [hydrated, accountRow, creditNoteNumbers] = await Promise.all([
    hydrate(db, row.accountId, [row], baseUrl),
    db.query.accounts.findFirst({ where: eq(accounts.id, row.accountId) }),
    row.creditedAmount > 0 ? creditingNoteNumbers(db, row.accountId, row.id) : Promise.resolve([]),
  ]);
  const invoice = hydrated[0];
  if (!invoice || !accountRow) return null;
  return { invoice, account: toAccount(accountRow), issuedParties: row.issuedParties, creditNoteNumbers };
}

/** The invoice behind a `pdf_url` token (the other unscoped lookup; the token is the credential). */
export async function findInvoiceByPdfToken(db: Db, token: string, baseUrl: string): Promise<PublicInvoice | null> {
  const [row] = await db.select().from(invoices).where(eq(invoices.pdfToken, token)).limit(1);
  if (!row) return null;
  const [hydrated, [accountRow]] = await Promise.all([
    hydrate(db, row.accountId, [row], baseUrl),
    db.select().from(accounts).where(eq(accounts.id, row.accountId)).limit(1),
  ]);
  const invoice = hydrated[0];
  if (!invoice || !accountRow) return null;
  return { invoice, account: toAccount(accountRow), issuedParties: row.issuedParties };
}
