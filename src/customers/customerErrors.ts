import type { z } from 'zod';
import { DomainError } from '../domainError.js';

/** An input field is invalid; `field` names it (e.g. `email`) (400). */
export class CustomerValidationError extends DomainError {
  constructor(
    override readonly field: string,
    readonly reason: string,
  ) {
    super('customer_invalid', 400, `invalid ${field}: ${reason}`, { field });
  }
}

/** No customer has this id (404). */
export class CustomerNotFoundError extends DomainError {
  constructor(readonly customerId: string) {
    super('customer_not_found', 404, `no customer '${customerId}'`);
  }
}

/** No contact has this id (404). */
export class ContactNotFoundError extends DomainError {
  constructor(readonly contactId: string) {
    super('contact_not_found', 404, `no contact '${contactId}'`);
  }
}

/** Another contact has this external (CRM) id (409). */
export class ContactExternalIdTakenError extends DomainError {
  constructor(
    readonly externalId: string,
    cause?: unknown,
  ) {
    super('contact_external_id_taken', 409, `another contact has external id '${externalId}'`, { cause });
  }
}

/** The customer is linked to a contact already (creating another one would leave the first behind) (409). */
export class CustomerAlreadyLinkedError extends DomainError {
  constructor(
    readonly customerId: string,
    readonly contactId: string,
  ) {
    super('customer_already_linked', 409, `customer '${customerId}' is linked to contact '${contactId}' already`);
  }
}

/**
 * Parses `input` with `schema`, or throws a {@link CustomerValidationError} naming the first invalid field.
 *
 * @example const sighting = parseInput(sightingSchema, input);
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new CustomerValidationError(issue?.path.map(String).join('.') || 'input', issue?.message ?? 'invalid');
}
