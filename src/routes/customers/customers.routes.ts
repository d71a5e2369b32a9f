import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { DeletedSchema } from "../../openapi/common-schemas";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../openapi/responses";
import { CreateCustomerSchema, CustomerListSchema, CustomerSchema, ListCustomersQuery, UpdateCustomerSchema } from "./customers.schemas";

const read = [requireScope("customers:read")];
const write = [requireScope("customers:write")];
const params = idParam("Customer", "cust_abc123");

export const createCustomerRoute = createRoute({
  method: "post",
  path: "/customers",
  tags: ["Customers"],
  summary: "Create a customer",
  middleware: write,
  request: { body: jsonBody(CreateCustomerSchema) },
  responses: { 201: jsonResponse(CustomerSchema, "The customer."), ...errorResponses },
});

export const getCustomerRoute = createRoute({
  method: "get",
  path: "/customers/{id}",
  tags: ["Customers"],
  summary: "Retrieve a customer",
  middleware: read,
  request: { params },
  responses: { 200: jsonResponse(CustomerSchema, "The customer."), ...errorResponses },
});

export const listCustomersRoute = createRoute({
  method: "get",
  path: "/customers",
  tags: ["Customers"],
  summary: "List customers, newest first",
  middleware: read,
  request: { query: ListCustomersQuery },
  responses: { 200: jsonResponse(CustomerListSchema, "A page of customers."), ...errorResponses },
});

export const updateCustomerRoute = createRoute({
  method: "patch",
  path: "/customers/{id}",
  tags: ["Customers"],
  summary: 'Update a customer (metadata merges; a key set to "" is removed)',
  middleware: write,
  request: { params, body: jsonBody(UpdateCustomerSchema) },
  responses: { 200: jsonResponse(CustomerSchema, "The customer."), ...errorResponses },
});

export const deleteCustomerRoute = createRoute({
  method: "delete",
  path: "/customers/{id}",
  tags: ["Customers"],
  summary: "Delete a customer that has no invoices and no invoice schedules",
  middleware: write,
  request: { params },
  responses: { 200: jsonResponse(DeletedSchema, "Deleted."), ...errorResponses },
});
