import { createRouter } from "../../openapi/router";
import { listDeliveriesHandler, redeliverHandler } from "./webhook-deliveries.handlers";
import { listDeliveriesRoute, redeliverRoute } from "./webhook-deliveries.routes";

export const webhookDeliveryRoutes = createRouter().openapi(listDeliveriesRoute, listDeliveriesHandler).openapi(redeliverRoute, redeliverHandler);
