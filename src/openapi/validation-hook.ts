import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { type ApiError, invalidRequest } from "../errors";
import { REQUIRED } from "./validation-messages";

type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[]; errors?: Issue[][]; expected?: string };

/**
 * A nullable object is a union with null; when the object branch fails, the useful issue is
 * inside that branch (`billing_address.line1`), not the union itself.
 */
function innermost(issue: Issue): Issue {
  if (issue.code !== "invalid_union" || !issue.errors?.length) return issue;
  const branch = issue.errors.find((errs) => errs.length > 0 && !(errs.length === 1 && errs[0]!.expected === "null"));
  const inner = branch?.[0];
  return inner ? innermost({ ...inner, path: [...issue.path, ...inner.path] }) : issue;
}

/** A zod failure as the 400 that names its first offending field (`line_items.0.quantity`). */
export function invalidRequestOf(error: unknown): ApiError {
  const first = (error as { issues: Issue[] }).issues[0];
  if (!first) return invalidRequest("", "Invalid request.");
  const issue = innermost(first);
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys?.length) {
    const param = [...path, issue.keys[0]].join(".");
    return invalidRequest(param, `Unknown parameter: '${param}'.`, "parameter_unknown");
  }
  const param = path.join(".");
  if (!param) return invalidRequest("", issue.message === REQUIRED ? "A JSON body is required." : `The body ${issue.message.replace(/\.$/, "")}.`);
  if (issue.message === REQUIRED) return invalidRequest(param, `'${param}' is required.`);
  return invalidRequest(param, `Invalid '${param}': ${issue.message.replace(/\.$/, "")}.`);
}

/** zod failures become a 400 naming the first offending field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw invalidRequestOf(result.error);
};
