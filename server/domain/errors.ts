/**
 * What domain and service code throws when input breaks a rule or names something that does not exist. It knows
 * nothing of HTTP: the app's error handler (`httpErrorOf` in server/http/errors.ts) is the one place that turns
 * these into responses.
 */

export class DomainError extends Error {}

/** One problem with one field, as listed in an InvalidInput's details. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Input that cannot be accepted. `field` names it the way the request did ("events[2].date"); `message` is the
 * whole sentence a person reads; `details` (optional) says more, usually every problem found, field by field.
 */
export class InvalidInput extends DomainError {
  constructor(
    readonly field: string | undefined,
    message: string,
    readonly details?: FieldProblem[] | { field: string },
  ) {
    super(message);
  }
}

/** Something named by the request does not exist. `what` says which kind of thing ("case", "procedure set"). */
export class NotFound extends DomainError {
  constructor(
    readonly what: string,
    message: string,
  ) {
    super(message);
  }
}

/** The request conflicts with the state of what it names (a change to a closed case). `what` says which state. */
export class Conflict extends DomainError {
  constructor(
    readonly what: string,
    message: string,
  ) {
    super(message);
  }
}
