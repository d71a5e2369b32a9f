import type { RouteHandler } from "@hono/zod-openapi";
import { findSchedule, listSchedules } from "../../db/invoice-schedule-queries";
import type { AppEnv } from "../../env";
import { invalidRequest, notFound } from "../../errors";
import { cancelSchedule, createSchedule, pauseSchedule, resumeSchedule, updateSchedule } from "../../services/schedules/manage-schedule";
import { upcomingInvoice } from "../../services/schedules/upcoming";
import type {
  cancelScheduleRoute,
  createScheduleRoute,
  getScheduleRoute,
  listSchedulesRoute,
  pauseScheduleRoute,
  resumeScheduleRoute,
  upcomingInvoiceRoute,
  updateScheduleRoute,
} from "./invoice-schedules.routes";

export const createScheduleHandler: RouteHandler<typeof createScheduleRoute, AppEnv> = async (c) =>
  c.json(await createSchedule(c.var.ctx, c.req.valid("json")), 201);

export const listSchedulesHandler: RouteHandler<typeof listSchedulesRoute, AppEnv> = async (c) => {
  const query = c.req.valid("query");
  const { ctx } = c.var;
  const page = await listSchedules(ctx.db, ctx.accountId, query);
  if (!page) throw invalidRequest(query.starting_after ? "starting_after" : "ending_before", "No such invoice schedule to page from.");
  return c.json({ object: "list" as const, ...page, url: "/v1/invoice_schedules" }, 200);
};

export const getScheduleHandler: RouteHandler<typeof getScheduleRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const schedule = await findSchedule(c.var.ctx.db, c.var.ctx.accountId, id);
  if (!schedule) throw notFound("invoice_schedule", id);
  return c.json(schedule, 200);
};

export const updateScheduleHandler: RouteHandler<typeof updateScheduleRoute, AppEnv> = async (c) =>
  c.json(await updateSchedule(c.var.ctx, c.req.valid("param").id, c.req.valid("json")), 200);

export const pauseScheduleHandler: RouteHandler<typeof pauseScheduleRoute, AppEnv> = async (c) =>
  c.json(await pauseSchedule(c.var.ctx, c.req.valid("param").id), 200);

export const resumeScheduleHandler: RouteHandler<typeof resumeScheduleRoute, AppEnv> = async (c) =>
  c.json(await resumeSchedule(c.var.ctx, c.req.valid("param").id), 200);

export const cancelScheduleHandler: RouteHandler<typeof cancelScheduleRoute, AppEnv> = async (c) =>
  c.json(await cancelSchedule(c.var.ctx, c.req.valid("param").id), 200);

export const upcomingInvoiceHandler: RouteHandler<typeof upcomingInvoiceRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const { ctx } = c.var;
  const schedule = await findSchedule(ctx.db, ctx.accountId, id);
  if (!schedule) throw notFound("invoice_schedule", id);
  return c.json(await upcomingInvoice(ctx, schedule), 200);
};
