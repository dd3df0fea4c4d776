import { mergeContacts } from '../customers/contactMerge';
import { CustomerNotLinkedError } from '../customers/customerNotLinkedError';
import { ContactNotFoundError, type CustomerRepository } from '../customers/customerRepository';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import {
  contactCustomerParamsSchema,
  contactListSchema,
  contactMergeBodySchema,
  contactParamsSchema,
  contactPatchBodySchema,
  contactSchema,
  contactSearchQuerySchema,
  contactWithCustomersSchema,
} from './schemas/customerSchemas';

const supervisors = { roles: ['admin', 'supervisor'] } as const;
const tags = ['admin', 'contacts'];
const noContact = { description: 'no such contact' };

/** `GET /api/admin/contacts`. */
export const searchContacts = apiContract({
  method: 'get', path: '/api/admin/contacts', tags, access: supervisors,
  summary: 'Search contacts by name, email, phone or external id (recently changed first without `q`); at most 50',
  query: contactSearchQuerySchema,
  responses: { 200: { description: '`items`: the contacts', schema: contactListSchema } },
});

/** `GET /api/admin/contacts/:contactId`. */
export const readContact = apiContract({
  method: 'get', path: '/api/admin/contacts/:contactId', tags, access: supervisors,
  summary: 'One contact with the customer profiles linked to it',
  params: contactParamsSchema,
  responses: { 200: { description: 'the contact and its customers', schema: contactWithCustomersSchema }, 404: noContact },
});

/** `PATCH /api/admin/contacts/:contactId`. */
export const changeContact = apiContract({
  method: 'patch', path: '/api/admin/contacts/:contactId', tags, access: supervisors,
  summary: 'Edit a contact: absent fields stay, `null` or an empty string clears email, phone or notes',
  params: contactParamsSchema,
  body: contactPatchBodySchema,
  responses: { 200: { description: 'the contact', schema: contactSchema }, 404: noContact },
});

/** `DELETE /api/admin/contacts/:contactId/customers/:customerId`. */
export const unlinkContactCustomer = apiContract({
  method: 'delete', path: '/api/admin/contacts/:contactId/customers/:customerId', tags, access: supervisors,
  summary: 'Unlink a customer profile from the contact',
  params: contactCustomerParamsSchema,
  responses: { 204: { description: 'unlinked' }, 404: { description: 'the customer is not linked to this contact' } },
});

/** `POST /api/admin/contacts/:contactId/merge`. */
export const mergeContact = apiContract({
  method: 'post', path: '/api/admin/contacts/:contactId/merge', tags, access: supervisors,
  summary: 'Merge a duplicate into this contact: its customers move here, empty fields are filled from it, and it is deleted',
  params: contactParamsSchema,
  body: contactMergeBodySchema,
  responses: { 200: { description: 'the contact kept and all its customers', schema: contactWithCustomersSchema }, 404: noContact },
});

/**
 * Contacts for admins and supervisors:
 * - `GET /api/admin/contacts?q=` — search by name, email, phone or external id (recently changed first without `q`);
 * - `GET /api/admin/contacts/:contactId` — `{ contact, customers }`;
 * - `PATCH /api/admin/contacts/:contactId` `{ name?, email?, phone?, notes? }` — edit;
 * - `DELETE /api/admin/contacts/:contactId/customers/:customerId` — unlink a customer profile (204);
 * - `POST /api/admin/contacts/:contactId/merge` `{ fromContactId }` — the customers of both end up on this contact, the
 *   other is deleted; answers `{ contact, customers }`.
 * Refusals: 400 naming the field, 404 for an unknown contact or a customer not linked to it, 409 for a taken external id.
 *
 * @example registerAdminContactRoutes(api, customers);
 */
export function registerAdminContactRoutes(api: ApiRouter, customers: CustomerRepository): void {
  api.route(searchContacts, async ({ query }) => ({ status: 200, body: { items: await customers.searchContacts(query.q, 50) } }));

  api.route(readContact, async ({ params }) => {
    const contact = await customers.getContact(params.contactId);
    if (!contact) throw new ContactNotFoundError(params.contactId);
    return { status: 200, body: { contact, customers: await customers.customersOfContact(contact.id) } };
  });

  api.route(changeContact, async ({ params, body }) => {
    // An emptied field in the form means "clear it".
    const patch = Object.fromEntries(Object.entries(body).map(([field, value]) => [field, value === '' && field !== 'name' ? null : value]));
    return { status: 200, body: await customers.updateContact(params.contactId, patch) };
  });

  api.route(unlinkContactCustomer, async ({ params }) => {
    if ((await customers.contactIdOf(params.customerId)) !== params.contactId) throw new CustomerNotLinkedError(params.customerId, params.contactId);
    await customers.unlinkContact(params.customerId);
    return { status: 204 };
  });

  api.route(mergeContact, async ({ params, body }) => ({ status: 200, body: await mergeContacts(customers, params.contactId, body.fromContactId) }));
}
