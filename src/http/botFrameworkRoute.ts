import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import restify, { type Server } from 'restify';
import { z } from 'zod';
import type { TurnLogic } from '../../adapters/line/lineAdapter';

/** The least an incoming activity needs for the bot to answer it. */
const incomingActivity = z.looseObject({
  type: z.string().min(1),
  serviceUrl: z.url(),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

/**
 * `POST /api/messages`: the Bot Framework endpoint (Azure Bot Service channels, the Bot Framework
 * Emulator, Direct Line). Authentication is the CloudAdapter's: enforced when an app id is set.
 */
export function registerBotFrameworkRoute(server: Server, adapter: CloudAdapter, logic: TurnLogic, logger: Logger): void {
  server.post('/api/messages', restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }), async (req, res) => {
    const checked = incomingActivity.safeParse(req.body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      res.send(400, { message: `not a Bot Framework activity: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}` });
      return;
    }
    try {
      await adapter.process(req, res, logic);
    } catch (error) {
      // The SDK validates the activity's shape by throwing; that is the sender's mistake, not ours.
      const malformed = error instanceof Error && error.name === 'ZodError';
      if (!malformed) logger.error({ err: error }, 'Bot Framework request failed');
      if (!res.headersSent) res.send(malformed ? 400 : 500, { message: malformed ? 'malformed activity' : 'internal error' });
    }
  });
}
