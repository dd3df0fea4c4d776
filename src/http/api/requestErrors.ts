import { DomainError } from '../../domainError';

/** A request whose params, query or body break its route's schema (400), naming the field at fault. */
export class RequestValidationError extends DomainError {
  constructor(message: string, field?: string) {
    super('invalid_request', 400, message, field === undefined ? {} : { field });
  }
}

/** A body that is not JSON (400). */
export class MalformedBodyError extends DomainError {
  constructor() {
    super('malformed_body', 400, 'body is not valid JSON');
  }
}

/** A caller that is not known: no token, or one that is invalid or expired (401). */
export class NotAuthenticatedError extends DomainError {
  constructor(message: string) {
    super('not_authenticated', 401, message);
  }
}

/** A known caller without the role the route needs (403). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', 403, message);
  }
}
