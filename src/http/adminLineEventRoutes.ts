import { DomainError } from '../domainError';
import type { LineEventInboxRepository } from '../inbox/lineEventInboxRepository';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { deadLetterListSchema, deadLetterQuerySchema, lineEventParamsSchema, lineEventRetriedSchema } from './schemas/lineEventSchemas';

/** `GET /api/admin/line-events/dead`. */
export const listDeadLineEvents = apiContract({
  method: 'get', path: '/api/admin/line-events/dead', tags: ['admin'], access: { roles: ['admin'] },
  summary: 'LINE events per state (pending, done, dead) and the dead letters, the most recent first',
  query: deadLetterQuerySchema,
  responses: { 200: { description: '`counts` per state and the dead `events`', schema: deadLetterListSchema } },
});

/** `POST /api/admin/line-events/:accountId/:webhookEventId/retry`. */
export const retryDeadLineEvent = apiContract({
  method: 'post', path: '/api/admin/line-events/:accountId/:webhookEventId/retry', tags: ['admin'], access: { roles: ['admin'] },
  summary: 'Put a dead LINE event back in the work queue, attempts reset (an event whose turn ran retries only the delivery of its answer)',
  params: lineEventParamsSchema,
  responses: { 200: { description: 'back in the queue', schema: lineEventRetriedSchema }, 404: { description: 'no such dead event' } },
});

/** No dead letter has this account and webhook event id (404). */
class DeadLineEventNotFoundError extends DomainError {
  constructor() {
    super('dead_line_event_not_found', 404, 'no such dead LINE event');
  }
}

/**
 * The LINE event work queue for admins:
 * - `GET /api/admin/line-events/dead?accountId=&limit=` — events per state, and the dead letters, the most recent first
 *   (account, webhookEventId, conversation, attempts, last error, when it died, undelivered messages);
 * - `POST /api/admin/line-events/:accountId/:webhookEventId/retry` — puts a dead letter back in the queue with its
 *   attempts reset (an event whose turn ran retries only the delivery of its answer).
 *
 * @example registerAdminLineEventRoutes(api, inbox);
 */
export function registerAdminLineEventRoutes(api: ApiRouter, inbox: LineEventInboxRepository): void {
  api.route(listDeadLineEvents, async ({ query }) => {
    const accountId = query.accountId || undefined;
    const [counts, events] = await Promise.all([inbox.counts(), inbox.deadLetters({ limit: query.limit, ...(accountId ? { accountId } : {}) })]);
    return { status: 200, body: { counts, events } };
  });

  api.route(retryDeadLineEvent, async ({ params }) => {
    if (!(await inbox.retryDead(params.accountId, params.webhookEventId))) throw new DeadLineEventNotFoundError();
    return { status: 200, body: { retried: true as const } };
  });
}
