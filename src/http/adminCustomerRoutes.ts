import type { CustomerPurge } from '../customers/customerPurge';
import { CustomerNotFoundError, isCustomerId, type CustomerRepository } from '../customers/customerRepository';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { RequestValidationError } from './api/requestErrors';
import { customerParamsSchema, customerPurgeSchema, customerSchema, customerTagsSchema } from './schemas/customerSchemas';

const noCustomer = { description: 'no such customer' };

/** `GET /api/admin/customers/:customerId`. */
export const readCustomer = apiContract({
  method: 'get', path: '/api/admin/customers/:customerId', tags: ['admin'], access: { roles: ['admin', 'supervisor'] },
  summary: 'One customer record: LINE profile, language, tags, linked contact',
  params: customerParamsSchema,
  responses: { 200: { description: 'the customer', schema: customerSchema }, 404: noCustomer },
});

/** `PUT /api/admin/customers/:customerId/tags`. */
export const setCustomerTags = apiContract({
  method: 'put', path: '/api/admin/customers/:customerId/tags', tags: ['admin'], access: { roles: ['admin'] },
  summary: 'Replace a customer’s tags (labels routing rules test, e.g. `vip`)',
  params: customerParamsSchema,
  body: customerTagsSchema,
  responses: { 200: { description: 'the customer', schema: customerSchema }, 404: noCustomer },
});

/** `DELETE /api/admin/customers/:customerId`. */
export const purgeCustomer = apiContract({
  method: 'delete', path: '/api/admin/customers/:customerId', tags: ['admin'], access: { roles: ['admin'] },
  summary: 'Purge everything stored about one customer (privacy request)',
  params: customerParamsSchema,
  responses: { 200: { description: 'what was deleted', schema: customerPurgeSchema } },
});

/**
 * Customers for admins:
 * - `GET /api/admin/customers/:customerId` (admins, supervisors) — the customer record;
 * - `PUT /api/admin/customers/:customerId/tags` `{ tags }` (admins) — the labels routing rules test (e.g. `vip`);
 * - `DELETE /api/admin/customers/:customerId` (admins) — a privacy request; answers with what was deleted.
 *
 * @example registerAdminCustomerRoutes(api, purge, customers);
 */
export function registerAdminCustomerRoutes(api: ApiRouter, purge: CustomerPurge, customers: CustomerRepository): void {
  api.route(readCustomer, async ({ params }) => {
    const customer = await customers.get(params.customerId);
    if (!customer) throw new CustomerNotFoundError(params.customerId);
    return { status: 200, body: customer };
  });

  api.route(setCustomerTags, async ({ params, body }) => ({ status: 200, body: await customers.setTags(params.customerId, body.tags) }));

  api.route(purgeCustomer, async ({ params }) => {
    // Checked here rather than in the path's schema: the message shows what a customer id looks like.
    if (!isCustomerId(params.customerId)) throw new RequestValidationError('customerId must look like {channelId}:{userId}, e.g. line:U4af4980629…', 'customerId');
    return { status: 200, body: { deleted: await purge.purge(params.customerId) } };
  });
}
