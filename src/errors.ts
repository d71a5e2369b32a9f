import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { isMissingSchema } from "./db/constraint-errors";
import { DomainError, EInvoiceIncompleteError, NotFoundError, type RuleViolation, StateConflictError, UnavailableError, UpstreamError } from "./domain/errors";

/** Every failure the API reports, with its HTTP status and envelope type. */
const ERROR_TYPES = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  idempotency_error: 409,
  payload_too_large_error: 413,
  unsupported_media_type_error: 415,
  rate_limit_error: 429,
  upstream_error: 502,
  unavailable_error: 503,
  api_error: 500,
} as const;
export type ErrorType = keyof typeof ERROR_TYPES;

export class ApiError extends Error {
  constructor(
    readonly type: ErrorType,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly headers?: Record<string, string>,
    /** The e-invoice rules broken, for einvoice_incomplete. */
    readonly errors?: RuleViolation[],
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status() {
    return ERROR_TYPES[this.type];
  }
}

export const invalidRequest = (param: string, message: string, code = "parameter_invalid") => new ApiError("invalid_request_error", code, message, param);
export const notFound = (what: string, id?: string) =>
  new ApiError("not_found_error", "resource_missing", id ? `No such ${what}: '${id}'.` : `No such ${what}.`);
export const conflict = (code: string, message: string) => new ApiError("conflict_error", code, message);

export type ErrorEnvelope = {
  error: { type: ErrorType; code: string; message: string; param?: string; errors?: RuleViolation[]; request_id: string };
};

/** Turns anything thrown into the one envelope; internals never leave the process. */
export function toErrorResponse(err: unknown, c: Context) {
  const requestId = (c.get("requestId") as string | undefined) ?? "";
  let api: ApiError;
  if (err instanceof ApiError) api = err;
  else if (err instanceof DomainError) api = invalidRequest(err.param, err.message, err.code);
  else if (err instanceof NotFoundError) api = new ApiError("not_found_error", "resource_missing", err.message);
  else if (err instanceof EInvoiceIncompleteError) api = new ApiError("conflict_error", err.code, err.message, undefined, undefined, err.errors);
  else if (err instanceof StateConflictError) api = new ApiError("conflict_error", err.code, err.message, err.param);
  else if (err instanceof UpstreamError) api = new ApiError("upstream_error", err.code, err.message);
  else if (err instanceof UnavailableError) api = new ApiError("unavailable_error", err.code, err.message, undefined, { "Retry-After": "1" });
  else if (err instanceof HTTPException && err.status === 413)
    api = new ApiError("payload_too_large_error", "payload_too_large", "The request body is too large.");
  else if (err instanceof HTTPException && err.status < 500) api = new ApiError("invalid_request_error", "bad_request", err.message || "Bad request.");
  else if (isMissingSchema(err))
    api = new ApiError(
      "unavailable_error",
      "database_not_migrated",
      "The database has not been set up: apply the migrations (npm run db:migrate:local, which npm start runs; npm run db:migrate:remote once deployed).",
    );
  else {
    console.error(JSON.stringify({ level: "error", request_id: requestId, error: String(err), stack: (err as Error)?.stack }));
    api = new ApiError("api_error", "internal_error", "An internal error occurred. Retry later or contact support with the request id.");
  }
  const body: ErrorEnvelope = {
    error: {
      type: api.type,
      code: api.code,
      message: api.message,
      ...(api.param !== undefined ? { param: api.param } : {}),
      ...(api.errors !== undefined ? { errors: api.errors } : {}),
      request_id: requestId,
    },
  };
  return c.json(body, api.status, api.headers);
}
