import { createRouter } from "../../openapi/router";
import {
  cancelScheduleHandler,
  createScheduleHandler,
  getScheduleHandler,
  listSchedulesHandler,
  pauseScheduleHandler,
  resumeScheduleHandler,
  upcomingInvoiceHandler,
  updateScheduleHandler,
} from "./invoice-schedules.handlers";
import {
  cancelScheduleRoute,
  createScheduleRoute,
  getScheduleRoute,
  listSchedulesRoute,
  pauseScheduleRoute,
  resumeScheduleRoute,
  upcomingInvoiceRoute,
  updateScheduleRoute,
} from "./invoice-schedules.routes";

export const invoiceScheduleRoutes = createRouter()
  .openapi(createScheduleRoute, createScheduleHandler)
  .openapi(listSchedulesRoute, listSchedulesHandler)
  .openapi(getScheduleRoute, getScheduleHandler)
  .openapi(updateScheduleRoute, updateScheduleHandler)
  .openapi(pauseScheduleRoute, pauseScheduleHandler)
  .openapi(resumeScheduleRoute, resumeScheduleHandler)
  .openapi(cancelScheduleRoute, cancelScheduleHandler)
  .openapi(upcomingInvoiceRoute, upcomingInvoiceHandler);
