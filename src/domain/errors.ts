/*
 * The errors services raise. They say what went wrong in the domain's terms; src/errors.ts
 * alone decides what each becomes over HTTP.
 */

/** A rule of the domain was broken by the input; `param` names the field (dot path). */
export class DomainError extends Error {
  constructor(
    readonly param: string,
    message: string,
    readonly code = "parameter_invalid",
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** The object does not exist for this account (another account's object included). */
export class NotFoundError extends Error {
  constructor(
    readonly what: string,
    readonly id?: string,
  ) {
    super(id ? `No such ${what}: '${id}'.` : `No such ${what}.`);
    this.name = "NotFoundError";
  }

  /** The same absence, when the id came in a field of the request: a bad parameter. */
  asParam(param: string): DomainError {
    return new DomainError(param, this.message, "resource_missing");
  }
}

/** The object is not in a state that allows the action (becomes a 409). */
export class StateConflictError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = "StateConflictError";
  }
}

/** A rule of EN 16931 the data would break, as the official artefacts name it. */
export type RuleViolation = { rule: string; field: string; message: string };

/**
 * The invoice cannot become a valid e-invoice (a 409 `einvoice_incomplete` listing every rule
 * it breaks, with the field to fix), so it is neither exported nor, for a customer who
 * requires e-invoices, finalized.
 */
export class EInvoiceIncompleteError extends StateConflictError {
  constructor(
    readonly errors: RuleViolation[],
    message = `This would not be a valid EN 16931 e-invoice: ${errors.map((e) => `${e.rule} (${e.field})`).join(", ")}. Fix the fields named in errors.`,
  ) {
    super("einvoice_incomplete", message);
    this.name = "EInvoiceIncompleteError";
  }
}

/** A conflict of the moment (a concurrent update, a send in flight): the same request may succeed when retried. */
export class TransientConflictError extends StateConflictError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = "TransientConflictError";
  }
}

/** Something we need is unavailable for the moment (a font read failed); nothing was stored, retry. */
export class UnavailableError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "UnavailableError";
  }
}

/** A service we depend on (the mail provider) failed; nothing was recorded as done. */
export class UpstreamError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}
