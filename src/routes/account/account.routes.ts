import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../middleware/authenticate";
import { errorResponses, jsonBody, jsonResponse } from "../../openapi/responses";
import { AccountSchema, UpdateAccountSchema } from "./account.schemas";

export const getAccountRoute = createRoute({
  method: "get",
  path: "/account",
  tags: ["Account"],
  summary: "Retrieve the account (merchant) the API key belongs to",
  responses: { 200: jsonResponse(AccountSchema, "The account."), ...errorResponses },
});

export const updateAccountRoute = createRoute({
  method: "patch",
  path: "/account",
  tags: ["Account"],
  summary: "Update the account's details, bank details, numbering and defaults",
  description:
    "Changing `timezone` or `reminder_policy` re-arms the reminders of every open invoice. That happens in the background after this answer, " +
    "starting within seconds; an account with many thousands of open invoices takes minutes. Until an invoice is re-armed, its " +
    "`next_reminder_date` shows the schedule it had.",
  middleware: [requireScope("account:write")],
  request: { body: jsonBody(UpdateAccountSchema) },
  responses: { 200: jsonResponse(AccountSchema, "The updated account."), ...errorResponses },
});
