import type { Server } from 'restify';
import type { TranscriptRepository } from '../storage/transcriptRepository';
import { refuseUnlessAdmin } from './adminAuthorization';

/**
 * `GET /api/transcripts/:channelId/:conversationId?continuationToken=` → `{ items, continuationToken }`:
 * a conversation's activities in order (customer, bot and agent), twenty a page.
 */
export function registerTranscriptRoutes(server: Server, transcripts: TranscriptRepository, adminApiKey: string | undefined): void {
  server.get('/api/transcripts/:channelId/:conversationId', async (req, res) => {
    const refusal = refuseUnlessAdmin(req, adminApiKey);
    if (refusal) {
      res.send(refusal.status, { message: refusal.message });
      return;
    }
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const continuationToken = query.get('continuationToken') ?? undefined;
    try {
      const page = await transcripts.getTranscriptActivities(String(req.params.channelId), String(req.params.conversationId), continuationToken);
      res.send(200, { items: page.items, continuationToken: page.continuationToken || null });
    } catch (error) {
      if (error instanceof RangeError) {
        res.send(400, { message: error.message, field: 'continuationToken' });
        return;
      }
      throw error;
    }
  });
}
