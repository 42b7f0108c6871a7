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
  /** What kind of problem (`after_today`, `too_early`, `unknown_set`…), for forms to say it in their own words. */
  code?: string;
  /** The date the value went past, where the problem is a bound. */
  bound?: string;
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

/**
 * A stored case that does not pass the input checks (a file edited on disk, a rule that no longer fits) or whose
 * plan could not be worked out: it is shown as needing attention, with `problems`, and nothing that needs its plan
 * (marking an action done, asking about it) can be done until it is corrected.
 */
export class NeedsAttention extends DomainError {
  constructor(
    readonly problems: FieldProblem[],
    message: string,
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
