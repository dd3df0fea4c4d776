/** The HTTP statuses a domain error may carry: refusals about the request (4xx) and a channel that failed us (502). */
export type DomainErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 410 | 413 | 415 | 422 | 429 | 502 | 503;

/** What a {@link DomainError} carries besides its message. */
export interface DomainErrorDetails {
  /** The request field at fault, as a dotted path (`roles.0`, `content.topics.2.title`). */
  readonly field?: string;
  /** Response headers the refusal needs (`Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Further fields of the answer's body beside `message`, `code` and `field` (every issue of a form, the current version). */
  readonly body?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * A refusal the caller can act on: a stable machine-readable `code`, the HTTP `status` that reports it and a message
 * for the person who asked. Every error a route lets through is either one of these — answered with its status and
 * `{ message, code, field? }` (plus any `body` fields it carries) — or a failure of ours, answered 500 with a request id only (see `src/http/api/errorResponse.ts`).
 * Subclasses name the concept (`UserNotFoundError`, `QueueInUseError`); the code stays stable when the message changes.
 *
 * @example
 * ```ts
 * export class UsernameTakenError extends DomainError {
 *   constructor(readonly username: string) {
 *     super('username_taken', 409, `the username '${username}' is taken`);
 *   }
 * }
 * ```
 */
export class DomainError extends Error {
  /** The request field at fault, when one is. */
  readonly field: string | undefined;
  /** Response headers the refusal needs. */
  readonly headers: Readonly<Record<string, string>>;
  /** Further fields of the answer's body; they never replace `message`, `code` or `field`. */
  readonly bodyFields: Readonly<Record<string, unknown>>;

  constructor(
    readonly code: string,
    readonly status: DomainErrorStatus,
    message: string,
    details: DomainErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.field = details.field;
    this.headers = details.headers ?? {};
    this.bodyFields = details.body ?? {};
  }
}
