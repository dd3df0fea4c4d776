import type { Server } from 'restify';
import type { CustomerPurge } from '../customers/customerPurge';
import { isCustomerId } from '../storage/customerRepository';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** `DELETE /api/admin/customers/:customerId`: a privacy request (admins only); answers with what was deleted. */
export function registerAdminCustomerRoutes(server: Server, purge: CustomerPurge, authorizer: RequestAuthorizer): void {
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
