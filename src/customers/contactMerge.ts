import { ContactNotFoundError, CustomerValidationError, type Contact, type ContactPatch, type Customer, type CustomerRepository } from './customerRepository';

/** What {@link mergeContacts} left: the contact kept and all the customers now linked to it. */
export interface MergedContact {
  readonly contact: Contact;
  readonly customers: readonly Customer[];
}

/**
 * Merges two contacts that are the same person: the customers linked to `mergedId` are linked to `keptId`, the kept
 * contact's empty email, phone, external id and notes are filled from the merged one, and the merged contact is
 * deleted. Run again after an interruption, it finishes the job (the customers moved stay moved).
 *
 * @throws {ContactNotFoundError} when either contact does not exist.
 * @throws {CustomerValidationError} (`fromContactId`) when both ids are the same.
 * @example
 * const { contact, customers } = await mergeContacts(repository, 'c_0123456789abcdef0123', 'c_fedcba9876543210fedc');
 */
export async function mergeContacts(repository: CustomerRepository, keptId: string, mergedId: string): Promise<MergedContact> {
  if (keptId === mergedId) throw new CustomerValidationError('fromContactId', 'a contact cannot be merged into itself');
  const kept = await repository.getContact(keptId);
  if (!kept) throw new ContactNotFoundError(keptId);
  const merged = await repository.getContact(mergedId);
  if (!merged) throw new ContactNotFoundError(mergedId);
  for (const customer of await repository.customersOfContact(mergedId)) await repository.linkContact(customer.id, keptId);
  const filled: { -readonly [K in keyof ContactPatch]: ContactPatch[K] } = {};
  for (const field of ['email', 'phone', 'notes'] as const) {
    if (kept[field] === undefined && merged[field] !== undefined) filled[field] = merged[field];
  }
  // The external id is unique: it moves only after the merged contact, which holds it, is gone.
  const externalId = kept.externalId === undefined ? merged.externalId : undefined;
  await repository.deleteContact(mergedId);
  if (externalId !== undefined) filled.externalId = externalId;
  const contact = Object.keys(filled).length > 0 ? await repository.updateContact(keptId, filled) : kept;
  return { contact, customers: await repository.customersOfContact(keptId) };
}
