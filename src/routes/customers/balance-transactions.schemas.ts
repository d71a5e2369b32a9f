import { z } from "@hono/zod-openapi";
import type { BalanceTransaction } from "../../db/customer-balance-queries";
import { BALANCE_TRANSACTION_TYPES } from "../../domain/customer-balance";
import { listEnvelope, listQuery } from "../../openapi/common-schemas";
import type { Same } from "../../openapi/same-shape";

export const BalanceTransactionSchema = z
  .object({
    id: z.string().openapi({ example: "cbtxn_8f2k" }),
    object: z.literal("customer_balance_transaction"),
    customer_id: z.string(),
    currency: z.string().openapi({ example: "USD" }),
    amount: z.number().int().openapi({
      description:
        "Minor units: positive when credit is owed to the customer (a credit note), negative when it is used (an invoice) or taken back (a voided note).",
      example: 20000,
    }),
    type: z.enum(BALANCE_TRANSACTION_TYPES),
    credit_note_id: z.string().nullable(),
    invoice_id: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("CustomerBalanceTransaction");

export const ListBalanceTransactionsQuery = z.object(listQuery);

export const BalanceTransactionListSchema = listEnvelope(BalanceTransactionSchema, "CustomerBalanceTransactionList");

// The type the query returns and the schema the API documents must describe the same object.
const transactionShape: Same<z.infer<typeof BalanceTransactionSchema>, BalanceTransaction> = true;
void transactionShape;
