import { z } from 'zod';
import { DomainError } from '../domainError';
import type { TranscriptRepository } from '../transcripts/transcriptRepository';
import { labelTappedButtons } from '../transcripts/tappedButtonLabels';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { transcriptPageSchema } from './schemas/transcriptSchemas';
import { transcriptActivityAnswer } from './transcriptActivityAnswer';

/** A continuation token this server did not give out (400, field `continuationToken`). */
class InvalidContinuationTokenError extends DomainError {
  constructor(message: string) {
    super('invalid_continuation_token', 400, message, { field: 'continuationToken' });
  }
}

/** `GET /api/transcripts/:channelId/:conversationId`. */
export const readTranscriptPage = apiContract({
  method: 'get', path: '/api/transcripts/:channelId/:conversationId', tags: ['transcripts'], access: { roles: ['admin', 'supervisor'] },
  summary: 'A conversation’s activities in order (customer, bot and agent), twenty a page',
  params: z.object({ channelId: z.string(), conversationId: z.string() }),
  query: z.object({ continuationToken: z.string().optional().describe('from the previous page') }),
  responses: { 200: { description: 'one page of activities', schema: transcriptPageSchema } },
});

/**
 * `GET /api/transcripts/:channelId/:conversationId?continuationToken=` → `{ items, continuationToken }`:
 * a conversation's activities in order (customer, bot and agent), twenty a page. For admins and supervisors.
 *
 * @example registerTranscriptRoutes(api, transcripts);
 */
export function registerTranscriptRoutes(api: ApiRouter, transcripts: TranscriptRepository): void {
  api.route(readTranscriptPage, async ({ params, query }) => {
    let page: Awaited<ReturnType<TranscriptRepository['getTranscriptActivities']>>;
    try {
      page = await transcripts.getTranscriptActivities(params.channelId, params.conversationId, query.continuationToken);
    } catch (error) {
      if (error instanceof RangeError) throw new InvalidContinuationTokenError(error.message);
      throw error;
    }
    return { status: 200, body: { items: transcriptActivityAnswer(labelTappedButtons(page.items)), continuationToken: page.continuationToken || null } };
  });
}
