import { DomainError } from '../domainError';

/**
 * The customer is not linked to the contact named with it (404).
 *
 * @example throw new CustomerNotLinkedError('line:U4af…', 'c_0123456789abcdef0123');
 */
export class CustomerNotLinkedError extends DomainError {
  constructor(
    readonly customerId: string,
    readonly contactId: string,
  ) {
    super('customer_not_linked', 404, 'that customer is not linked to this contact');
  }
}
