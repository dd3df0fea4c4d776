import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { TurnLogic } from '../../adapters/line/lineAdapter';
import type { BotFrameworkCloudAdapter } from '../botFramework/botFrameworkCloudAdapter';
import { isLoopbackUrl } from './loopbackUrl';
import { sendInternalError } from './internalErrors';

/** Channel ids this server serves itself: their traffic only enters through their own signed webhooks. */
const NATIVE_CHANNELS: ReadonlySet<string> = new Set(['line']);

/**
 * The least an incoming activity needs for the bot to answer it. The channel id becomes part of every key (transcripts,
 * customers, bot state, handoff), so it must be a plain slug: `:` or `/` in it could forge another channel's keys.
 */
const incomingActivity = z.looseObject({
  type: z.string().min(1),
  channelId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a Bot Framework channel id such as emulator or webchat'),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({ id: z.string().min(1).max(512) }),
});

/** What `POST /api/messages` needs. */
export interface BotFrameworkRouteOptions {
  /** Requests are authenticated before any turn runs. */
  readonly adapter: BotFrameworkCloudAdapter;
  /**
   * Whether a Bot Framework app id is configured. Without one the endpoint is the development Emulator endpoint:
   * no authentication, and only `serviceUrl`s on this machine are answered, so the bot never posts elsewhere.
   */
  readonly authenticated: boolean;
  readonly logic: TurnLogic;
  readonly logger: Logger;
}

/**
 * `POST /api/messages`: the Bot Framework endpoint (Azure Bot Service channels, the Bot Framework Emulator, Direct Line).
 *
 * - 400: not an activity; 403: a channel this server serves natively (`line`), or, without an app id, a `serviceUrl`
 *   off this machine; 401: any token Bot Framework authentication refuses, whatever its shape.
 * - Errors of the turn machinery answer 500 with a request id only; the details go to the log.
 *
 * @example registerBotFrameworkRoute(server, { adapter, authenticated: Boolean(appId), logic, logger });
 */
export function registerBotFrameworkRoute(server: Server, options: BotFrameworkRouteOptions): void {
  const { adapter, authenticated, logic, logger } = options;
  server.post('/api/messages', restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }), async (req: Request, res: Response) => {
    const checked = incomingActivity.safeParse(req.body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      res.send(400, { message: `not a Bot Framework activity: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}` });
      return;
    }
    const activity = withDates(checked.data as unknown as Activity);
    if (NATIVE_CHANNELS.has(activity.channelId)) {
      res.send(403, { message: `channel '${activity.channelId}' is served by this server's own webhook (/api/line/:accountId), not by /api/messages` });
      return;
    }
    if (!authenticated && !isLoopbackUrl(activity.serviceUrl)) {
      res.send(403, { message: 'without MicrosoftAppId, /api/messages serves only a local Bot Framework Emulator: serviceUrl must be on this machine (localhost)' });
      return;
    }

    let authResult: AuthenticateRequestResult;
    try {
      authResult = await adapter.authenticate(activity, String(req.headers.authorization ?? ''));
    } catch (error) {
      // Every refusal is the caller's token, whatever the SDK threw for its shape (malformed, untrusted, expired).
      logger.warn({ err: error, requestId: req.id(), channelId: activity.channelId }, 'Bot Framework request refused: not authenticated');
      res.send(401, { message: 'not authenticated' });
      return;
    }
    try {
      const invokeResponse = await adapter.runAuthenticated(authResult, activity, logic);
      if (invokeResponse?.status) res.send(invokeResponse.status, invokeResponse.body);
      else res.send(200);
    } catch (error) {
      sendInternalError(req, res, logger, error, 'Bot Framework request failed');
    }
  });
}

/** The Bot Framework sends times as ISO strings; turns expect Dates (what the SDK's own `process` does). */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
}
