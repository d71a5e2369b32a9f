import { createRouter } from "../../openapi/router";
import { getAccountHandler, updateAccountHandler } from "./account.handlers";
import { getAccountRoute, updateAccountRoute } from "./account.routes";

export const accountRoutes = createRouter().openapi(getAccountRoute, getAccountHandler).openapi(updateAccountRoute, updateAccountHandler);
