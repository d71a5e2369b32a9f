import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, idParam, jsonResponse } from "../../openapi/responses";
import { BalanceTransactionListSchema, ListBalanceTransactionsQuery } from "./balance-transactions.schemas";

export const listBalanceTransactionsRoute = createRoute({
  method: "get",
  path: "/customers/{id}/balance_transactions",
  tags: ["Customers"],
  summary: "The transactions of a customer's credit balance, newest first (their sum per currency is credit_balances)",
  middleware: [requireScope("customers:read")],
  request: { params: idParam("Customer", "cust_abc123"), query: ListBalanceTransactionsQuery },
  responses: { 200: jsonResponse(BalanceTransactionListSchema, "A page of balance transactions."), ...errorResponses },
});
