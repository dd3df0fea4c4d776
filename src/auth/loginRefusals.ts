import { DomainError } from '../domainError';

/** One message for an unknown user, a wrong password and a disabled user, so logins reveal no usernames. */
export const LOGIN_FAILED_MESSAGE = 'invalid username or password';

/** Wrong credentials (401), the same answer whichever part was wrong. */
export class LoginFailedError extends DomainError {
  constructor() {
    super('login_failed', 401, LOGIN_FAILED_MESSAGE);
  }
}

/** Too many failed attempts from this address or for this username from it (429 with `Retry-After`). */
export class TooManyAttemptsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_attempts', 429, message, { headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
}

/** A first-admin setup with a wrong code (403; counted like a failed login). */
export class WrongSetupCodeError extends DomainError {
  constructor() {
    super('wrong_setup_code', 403, 'wrong setup code: use the code the server printed in its log at start');
  }
}

/** A first-admin setup once an admin exists (409). */
export class SetupNotNeededError extends DomainError {
  constructor() {
    super('setup_not_needed', 409, 'an administrator exists already; sign in instead');
  }
}
