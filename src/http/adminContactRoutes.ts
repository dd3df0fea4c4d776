import type { Server } from 'restify';
import { z } from 'zod';
import { mergeContacts } from '../customers/contactMerge';
import { ContactExternalIdTakenError, ContactNotFoundError, CustomerNotFoundError, CustomerValidationError, type CustomerRepository } from '../storage/customerRepository';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

const optionalText = (max: number) => z.union([z.string().trim().max(max), z.null()]).optional();

/** Body of `PATCH /api/admin/contacts/:contactId`: absent fields stay, `null` or `""` clears an optional one. */
export const contactPatchBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: optionalText(254),
  phone: optionalText(50),
  notes: optionalText(2000),
});

/** Body of `POST /api/admin/contacts/:contactId/merge`: the duplicate merged into the contact of the path. */
export const contactMergeBodySchema = z.strictObject({ fromContactId: z.string().trim().min(1).max(100) });

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
 * @example registerAdminContactRoutes(server, customers, authorizer);
 */
export function registerAdminContactRoutes(server: Server, customers: CustomerRepository, authorizer: RequestAuthorizer): void {
  const allowed = async (req: Parameters<RequestAuthorizer['authorize']>[0], res: Parameters<typeof sendRefusal>[0]): Promise<boolean> => {
    const authorization = await authorizer.authorize(req, ['admin', 'supervisor']);
    if (!authorization.ok) sendRefusal(res, authorization.refusal);
    return authorization.ok;
  };
  const refuse = (res: Parameters<typeof sendRefusal>[0], error: unknown): void => {
    if (error instanceof ContactNotFoundError || error instanceof CustomerNotFoundError) return void res.send(404, { message: error.message });
    if (error instanceof CustomerValidationError) return void res.send(400, { message: error.message, field: error.field });
    if (error instanceof ContactExternalIdTakenError) return void res.send(409, { message: error.message });
    throw error;
  };

  server.get('/api/admin/contacts', async (req, res) => {
    if (!(await allowed(req, res))) return;
    const query = (new URL(req.url ?? '/', 'http://localhost').searchParams.get('q') ?? '').slice(0, 200);
    res.send(200, { items: await customers.searchContacts(query, 50) });
  });

  server.get('/api/admin/contacts/:contactId', async (req, res) => {
    if (!(await allowed(req, res))) return;
    const contact = await customers.getContact(String(req.params.contactId));
    if (!contact) return void res.send(404, { message: 'no such contact' });
    res.send(200, { contact, customers: await customers.customersOfContact(contact.id) });
  });

  server.patch('/api/admin/contacts/:contactId', async (req, res) => {
    if (!(await allowed(req, res))) return;
    const body = await readValidJson(req, res, contactPatchBodySchema);
    if (!body) return;
    // An emptied field in the form means "clear it".
    const patch = Object.fromEntries(Object.entries(body).map(([field, value]) => [field, value === '' && field !== 'name' ? null : value]));
    try {
      res.send(200, await customers.updateContact(String(req.params.contactId), patch));
    } catch (error) {
      refuse(res, error);
    }
  });

  server.del('/api/admin/contacts/:contactId/customers/:customerId', async (req, res) => {
    if (!(await allowed(req, res))) return;
    const customerId = String(req.params.customerId);
    if ((await customers.contactIdOf(customerId)) !== String(req.params.contactId)) return void res.send(404, { message: 'that customer is not linked to this contact' });
    await customers.unlinkContact(customerId);
    res.send(204);
  });

  server.post('/api/admin/contacts/:contactId/merge', async (req, res) => {
    if (!(await allowed(req, res))) return;
    const body = await readValidJson(req, res, contactMergeBodySchema);
    if (!body) return;
    try {
      res.send(200, await mergeContacts(customers, String(req.params.contactId), body.fromContactId));
    } catch (error) {
      refuse(res, error);
    }
  });
}
