import { createRouter } from "../../openapi/router";
import { createCustomerHandler, deleteCustomerHandler, getCustomerHandler, listCustomersHandler, updateCustomerHandler } from "./customers.handlers";
import { createCustomerRoute, deleteCustomerRoute, getCustomerRoute, listCustomersRoute, updateCustomerRoute } from "./customers.routes";

export const customerRoutes = createRouter()
  .openapi(createCustomerRoute, createCustomerHandler)
  .openapi(listCustomersRoute, listCustomersHandler)
  .openapi(getCustomerRoute, getCustomerHandler)
  .openapi(updateCustomerRoute, updateCustomerHandler)
  .openapi(deleteCustomerRoute, deleteCustomerHandler);
