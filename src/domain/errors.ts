/** A rule of the domain was broken by the input; `param` names the field (dot path). */
export class DomainError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
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
