import type { z } from 'zod';
import { DomainError } from '../domainError.js';

/** An account with this id exists already (409). */
export class ChannelAccountExistsError extends DomainError {
  constructor(
    readonly accountId: string,
    cause?: unknown,
  ) {
    super('channel_account_exists', 409, `LINE channel account '${accountId}' exists already`, { cause });
  }
}

/** No account has this id (404). */
export class ChannelAccountNotFoundError extends DomainError {
  constructor(readonly accountId: string) {
    super('channel_account_not_found', 404, `no LINE channel account '${accountId}'`);
  }
}

/** An input field is invalid; `field` names it (e.g. `apiBaseUrl`). The value is never echoed: it may be a secret (400). */
export class ChannelAccountValidationError extends DomainError {
  constructor(
    override readonly field: string,
    readonly reason: string,
  ) {
    super('channel_account_invalid', 400, `invalid LINE channel account ${field}: ${reason}`, { field });
  }
}

/**
 * Parses `input` with `schema`, or throws a {@link ChannelAccountValidationError} naming the first invalid field.
 *
 * @example const patch = parse(patchSchema, input);
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ChannelAccountValidationError(issue?.path.map(String).join('.') || 'input', issue?.message ?? 'invalid');
}
