import { labelTappedButtons } from '../transcript/tappedButtonLabels';
import type { Server } from 'restify';
import type { TranscriptRepository } from '../storage/transcriptRepository';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/**
 * `GET /api/transcripts/:channelId/:conversationId?continuationToken=` → `{ items, continuationToken }`:
 * a conversation's activities in order (customer, bot and agent), twenty a page. For admins and supervisors.
 */
export function registerTranscriptRoutes(server: Server, transcripts: TranscriptRepository, authorizer: RequestAuthorizer): void {
  server.get('/api/transcripts/:channelId/:conversationId', async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin', 'supervisor']);
    if (!authorization.ok) {
      sendRefusal(res, authorization.refusal);
      return;
    }
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const continuationToken = query.get('continuationToken') ?? undefined;
    try {
      const page = await transcripts.getTranscriptActivities(String(req.params.channelId), String(req.params.conversationId), continuationToken);
      res.send(200, { items: labelTappedButtons(page.items), continuationToken: page.continuationToken || null });
    } catch (error) {
      if (error instanceof RangeError) {
        res.send(400, { message: error.message, field: 'continuationToken' });
        return;
      }
      throw error;
    }
  });
}
