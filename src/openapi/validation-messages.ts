import type { z } from "@hono/zod-openapi";

/*
 * What a 400 says about a field, in the API's words rather than the validator's
 * ("expected nonoptional, received undefined" tells a merchant nothing). Installed as zod's
 * global error map by the router, so every schema speaks this way; a schema that knows
 * better (money, rates) gives its own message, which zod prefers over this map.
 * Each message completes "Invalid '<field>': …".
 */

/** The message of a missing field; the validation hook words it as "'<field>' is required.". */
export const REQUIRED = "required";

export const MINOR_UNITS_MESSAGE = "amounts are integers in the currency's minor unit (cents): 1250 for 12.50";
export const TAX_RATE_MESSAGE = "tax_rate is a fraction: 0.08 for 8 %";

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  array: "an array",
  null: "null",
  date: "a date",
};

const FORMAT_NAMES: Record<string, string> = {
  email: "an email address such as billing@example.com",
  url: "a URL such as https://example.com",
  datetime: "a timestamp such as 2024-01-19T12:00:00Z (ISO 8601, UTC)",
  date: "a calendar date such as 2024-01-19",
};

const quoted = (v: unknown) => (typeof v === "string" ? `'${v}'` : String(v));

function sizeMessage(issue: { origin: string; exact?: boolean; inclusive?: boolean }, bound: number | bigint, side: "most" | "least"): string {
  const n = Number(bound);
  if (issue.origin === "string") {
    if (issue.exact) return `must be exactly ${n} characters`;
    if (side === "least" && n === 1) return "must not be empty";
    return `must be at ${side} ${n} characters`;
  }
  if (issue.origin === "array" || issue.origin === "set") {
    if (issue.exact) return `must have exactly ${n} items`;
    return side === "least" && n === 1 ? "must have at least one item" : `must have at ${side} ${n} items`;
  }
  if (issue.inclusive === false) return side === "most" ? `must be less than ${n}` : `must be greater than ${n}`;
  return `must be at ${side} ${n}`;
}

function typeMessage(expected: string, input: unknown): string {
  if (input === undefined || expected === "nonoptional") return REQUIRED;
  if (expected === "number" && typeof input === "number") return "must be a finite number";
  if (expected === "number" && typeof input === "string") return "must be a number (not a string)";
  return `must be ${TYPE_NAMES[expected] ?? "of another type"}`;
}

/** zod's global error map: every issue code, worded for the API's users. */
export function apiErrorMessage(issue: RawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return typeMessage(issue.expected, issue.input);
    case "too_big":
      return sizeMessage(issue, issue.maximum, "most");
    case "too_small":
      return sizeMessage(issue, issue.minimum, "least");
    case "invalid_format":
      return `must be ${FORMAT_NAMES[issue.format] ?? "in the documented format"}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "invalid_value":
      return issue.values.length === 1 ? `must be ${quoted(issue.values[0])}` : `must be one of: ${issue.values.map(String).join(", ")}`;
    case "unrecognized_keys":
      return `unknown parameter: ${issue.keys.map(quoted).join(", ")}`;
    case "invalid_union": {
      // A discriminated union (discount) reports which discriminator values it knows.
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) return `must be one of: ${options.map(String).join(", ")}`;
      return "does not match any of the allowed forms (see the API reference)";
    }
    case "invalid_key":
      return `has a key that is not allowed${issue.issues[0] ? `: the key ${issue.issues[0].message}` : ""}`;
    case "invalid_element":
      return "has an element that is not allowed";
    default:
      return "is not valid";
  }
}
