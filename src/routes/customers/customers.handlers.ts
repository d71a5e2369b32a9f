import type { RouteHandler } from "@hono/zod-openapi";
import { createCustomerOnce } from "../../db/customer-once";
import { deleteCustomer, findCustomer, listCustomers, updateCustomer } from "../../db/customer-queries";
import type { AppEnv } from "../../env";
import type { InvoiceContext } from "../../services/invoices/context";
import { conflict, invalidRequest, notFound } from "../../errors";
import type { createCustomerRoute, deleteCustomerRoute, getCustomerRoute, listCustomersRoute, updateCustomerRoute } from "./customers.routes";

export const createCustomerHandler: RouteHandler<typeof createCustomerRoute, AppEnv> = async (c) =>
  c.json(await createCustomerOnce(c.get("db"), c.get("principal").accountId, c.req.valid("json"), changer(c.var.ctx)), 201);

export const getCustomerHandler: RouteHandler<typeof getCustomerRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const customer = await findCustomer(c.get("db"), c.get("principal").accountId, id);
  if (!customer) throw notFound("customer", id);
  return c.json(customer, 200);
};

export const listCustomersHandler: RouteHandler<typeof listCustomersRoute, AppEnv> = async (c) => {
  const query = c.req.valid("query");
  const page = await listCustomers(c.get("db"), c.get("principal").accountId, query);
  if (!page) throw invalidRequest(query.starting_after ? "starting_after" : "ending_before", "No such customer to page from.");
  return c.json({ object: "list" as const, ...page, url: "/v1/customers" }, 200);
};

export const updateCustomerHandler: RouteHandler<typeof updateCustomerRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const customer = await updateCustomer(c.get("db"), c.get("principal").accountId, id, c.req.valid("json"), changer(c.var.ctx));
  if (!customer) throw notFound("customer", id);
  return c.json(customer, 200);
};

export const deleteCustomerHandler: RouteHandler<typeof deleteCustomerRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const result = await deleteCustomer(c.get("db"), c.get("principal").accountId, id, changer(c.var.ctx));
  if (result === "not_found") throw notFound("customer", id);
  if (result === "has_invoices") throw conflict("customer_has_invoices", "This customer has invoices; it cannot be deleted.");
  if (result === "has_schedules") throw conflict("customer_has_schedules", "Invoice schedules bill this customer; it cannot be deleted.");
  return c.json({ id, object: "customer", deleted: true as const }, 200);
};

/** Who makes the change, as its event records it. */
const changer = (ctx: InvoiceContext) => ({ actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey ?? null });
