import type { Server } from 'restify';
import { z } from 'zod';
import type { CustomerPurge } from '../customers/customerPurge';
import { CustomerNotFoundError, CustomerValidationError, isCustomerId, type CustomerRepository } from '../storage/customerRepository';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** Body of `PUT /api/admin/customers/:customerId/tags`. */
export const customerTagsSchema = z.strictObject({ tags: z.array(z.string().trim().min(1).max(50)).max(50) });

/**
 * Customers for admins:
 * - `GET /api/admin/customers/:customerId` (admins, supervisors) — the customer record;
 * - `PUT /api/admin/customers/:customerId/tags` `{ tags }` (admins) — the labels routing rules test (e.g. `vip`);
 * - `DELETE /api/admin/customers/:customerId` (admins) — a privacy request; answers with what was deleted.
 */
export function registerAdminCustomerRoutes(server: Server, purge: CustomerPurge, customers: CustomerRepository, authorizer: RequestAuthorizer): void {
  server.get('/api/admin/customers/:customerId', async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin', 'supervisor']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const customer = await customers.get(String(req.params.customerId));
    if (!customer) return void res.send(404, { message: 'no such customer' });
    res.send(200, customer);
  });

  server.put('/api/admin/customers/:customerId/tags', async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const body = await readValidJson(req, res, customerTagsSchema);
    if (!body) return;
    try {
      res.send(200, await customers.setTags(String(req.params.customerId), body.tags));
    } catch (error) {
      if (error instanceof CustomerNotFoundError) return void res.send(404, { message: error.message });
      if (error instanceof CustomerValidationError) return void res.send(400, { message: error.message, field: error.field });
      throw error;
    }
  });

  server.del('/api/admin/customers/:customerId', async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) {
      sendRefusal(res, authorization.refusal);
      return;
    }
    const customerId = String(req.params.customerId);
    if (!isCustomerId(customerId)) {
      res.send(400, { message: 'customerId must look like {channelId}:{userId}, e.g. line:U4af4980629…', field: 'customerId' });
      return;
    }
    res.send(200, { deleted: await purge.purge(customerId) });
  });
}
