import type { RouteHandler } from "@hono/zod-openapi";
import { listBalanceTransactions } from "../../db/customer-balance-queries";
import { findCustomer } from "../../db/customer-queries";
import type { AppEnv } from "../../env";
import { invalidRequest, notFound } from "../../errors";
import type { listBalanceTransactionsRoute } from "./balance-transactions.routes";

export const listBalanceTransactionsHandler: RouteHandler<typeof listBalanceTransactionsRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const query = c.req.valid("query");
  const db = c.get("db");
  const { accountId } = c.get("principal");
  if (!(await findCustomer(db, accountId, id))) throw notFound("customer", id);
  const page = await listBalanceTransactions(db, accountId, id, query);
  if (!page) throw invalidRequest(query.starting_after ? "starting_after" : "ending_before", "No such balance transaction of this customer to page from.");
  return c.json({ object: "list" as const, ...page, url: `/v1/customers/${id}/balance_transactions` }, 200);
};
