import type { Server } from 'restify';
import type { LineEventInboxRepository } from '../storage/lineEventInboxRepository';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** Most dead letters one listing returns. */
const MAX_LIST = 500;

/**
 * The LINE event work queue for admins:
 * - `GET /api/admin/line-events/dead?accountId=&limit=` — events per state, and the dead letters, the most recent first
 *   (account, webhookEventId, conversation, attempts, last error, when it died, undelivered messages);
 * - `POST /api/admin/line-events/:accountId/:webhookEventId/retry` — puts a dead letter back in the queue with its
 *   attempts reset (an event whose turn ran retries only the delivery of its answer).
 */
export function registerAdminLineEventRoutes(server: Server, inbox: LineEventInboxRepository, authorizer: RequestAuthorizer): void {
  server.get('/api/admin/line-events/dead', async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const limitText = query.get('limit');
    const limit = limitText === null ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST) return void res.send(400, { message: `limit must be an integer from 1 to ${MAX_LIST}`, field: 'limit' });
    const accountId = query.get('accountId') || undefined;
    const [counts, events] = await Promise.all([inbox.counts(), inbox.deadLetters({ limit, ...(accountId ? { accountId } : {}) })]);
    res.send(200, { counts, events });
  });

  server.post('/api/admin/line-events/:accountId/:webhookEventId/retry', async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const params = req.params as Record<string, unknown>;
    const retried = await inbox.retryDead(String(params.accountId), String(params.webhookEventId));
    if (!retried) return void res.send(404, { message: 'no such dead LINE event' });
    res.send(200, { retried: true });
  });
}
