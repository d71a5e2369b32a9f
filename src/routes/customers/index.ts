import { createRouter } from "../../openapi/router";
import { listBalanceTransactionsHandler } from "./balance-transactions.handlers";
import { listBalanceTransactionsRoute } from "./balance-transactions.routes";
import { createCustomerHandler, deleteCustomerHandler, getCustomerHandler, listCustomersHandler, updateCustomerHandler } from "./customers.handlers";
import { createCustomerRoute, deleteCustomerRoute, getCustomerRoute, listCustomersRoute, updateCustomerRoute } from "./customers.routes";

export const customerRoutes = createRouter()
  .openapi(createCustomerRoute, createCustomerHandler)
  .openapi(listCustomersRoute, listCustomersHandler)
  .openapi(getCustomerRoute, getCustomerHandler)
  .openapi(listBalanceTransactionsRoute, listBalanceTransactionsHandler)
  .openapi(updateCustomerRoute, updateCustomerHandler)
  .openapi(deleteCustomerRoute, deleteCustomerHandler);
