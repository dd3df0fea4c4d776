import { z } from 'zod';
import { dateTimeSchema } from '../api/commonSchemas';

/** Most dead letters one listing returns. */
export const MAX_DEAD_LETTER_LIST = 500;

/** Query of `GET /api/admin/line-events/dead`. */
export const deadLetterQuerySchema = z.object({
  accountId: z.string().optional().describe('only this LINE account'),
  limit: z.coerce.number(`must be an integer from 1 to ${MAX_DEAD_LETTER_LIST}`).int(`must be an integer from 1 to ${MAX_DEAD_LETTER_LIST}`).min(1, `must be an integer from 1 to ${MAX_DEAD_LETTER_LIST}`).max(MAX_DEAD_LETTER_LIST, `must be an integer from 1 to ${MAX_DEAD_LETTER_LIST}`).default(100),
});

/** A LINE event that failed every attempt. */
export const deadLineEventSchema = z
  .object({
    accountId: z.string(),
    webhookEventId: z.string(),
    conversation: z.string(),
    eventType: z.string().optional(),
    attempts: z.number().int(),
    lastError: z.string().optional(),
    receivedAt: dateTimeSchema,
    diedAt: dateTimeSchema,
    undeliveredMessages: z.number().int().describe('answers still to deliver (the turn ran; only delivery is retried)'),
  })
  .meta({ id: 'DeadLineEvent' });

/** `GET /api/admin/line-events/dead`: events per state, and the dead letters, the most recent first. */
export const deadLetterListSchema = z.object({
  counts: z.object({ pending: z.number().int(), done: z.number().int(), dead: z.number().int() }),
  events: z.array(deadLineEventSchema),
});

/** The path of a dead letter's retry. */
export const lineEventParamsSchema = z.object({ accountId: z.string().meta({ example: 'default' }), webhookEventId: z.string() });

/** `POST …/retry`. */
export const lineEventRetriedSchema = z.object({ retried: z.literal(true) });
