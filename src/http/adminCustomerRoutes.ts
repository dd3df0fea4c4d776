import type { Server } from 'restify';
import type { CustomerPurge } from '../customers/customerPurge';
import { isCustomerId } from '../storage/customerRepository';
import { refuseUnlessAdmin } from './adminAuthorization';

/** `DELETE /api/admin/customers/:customerId`: a privacy request; answers with what was deleted. */
export function registerAdminCustomerRoutes(server: Server, purge: CustomerPurge, adminApiKey: string | undefined): void {
  server.del('/api/admin/customers/:customerId', async (req, res) => {
    const refusal = refuseUnlessAdmin(req, adminApiKey);
    if (refusal) {
      res.send(refusal.status, { message: refusal.message });
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
