import { createRouter } from "../../openapi/router";
import { getEventHandler, listEventsHandler } from "./events.handlers";
import { getEventRoute, listEventsRoute } from "./events.routes";

export const eventRoutes = createRouter().openapi(listEventsRoute, listEventsHandler).openapi(getEventRoute, getEventHandler);
