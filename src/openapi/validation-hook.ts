import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { invalidRequest } from "../errors";

type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[] };

/** zod failures become a 400 naming the first offending field (`line_items.0.quantity`). */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const issue = (result.error as unknown as { issues: Issue[] }).issues[0];
  if (!issue) throw invalidRequest("", "Invalid request.");
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys?.length) {
    const param = [...path, issue.keys[0]].join(".");
    throw invalidRequest(param, `Unknown parameter: '${param}'.`, "parameter_unknown");
  }
  const param = path.join(".");
  throw invalidRequest(param, param ? `Invalid '${param}': ${issue.message}` : issue.message);
};
