import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { creditNotes } from "./schema";

/**
 * The note behind a credit note's `pdf_url` token: the one unscoped lookup (the token, 192
 * random bits, is the credential); everything read after it is scoped by the account found.
 */
export async function findCreditNoteByPdfToken(db: Db, token: string): Promise<{ accountId: string; id: string } | null> {
  const [row] = await db.select({ accountId: creditNotes.accountId, id: creditNotes.id }).from(creditNotes).where(eq(creditNotes.pdfToken, token)).limit(1);
  return row ?? null;
}
