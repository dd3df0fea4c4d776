import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { TurnLogic } from '../../adapters/line/lineAdapter';
import type { BotFrameworkCloudAdapter } from '../botFramework/botFrameworkCloudAdapter';
import { ANSWERED, apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { BotFrameworkAuthenticationError, NativeChannelError, NotAnActivityError, ServiceUrlOffMachineError } from './botFrameworkRefusals';
import { isLoopbackUrl } from './loopbackUrl';
import { readRawBody, sendBodyProblem } from './readRawBody';

/** Channel ids this server serves itself: their traffic only enters through their own signed webhooks. */
const NATIVE_CHANNELS: ReadonlySet<string> = new Set(['line']);

/** Largest activity accepted. */
const MAX_ACTIVITY_BYTES = 1024 * 1024;

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

/** `POST /api/messages`. */
export const botFrameworkMessages = apiContract({
  method: 'post', path: '/api/messages', tags: ['channels'], access: 'public',
  summary: 'Bot Framework endpoint (Emulator, Azure Bot Service)',
  description: 'Authenticated by Bot Framework’s own JWT (`Authorization: Bearer …` from the channel), checked before any turn runs; without MicrosoftAppId only a local Emulator is served.',
  body: { raw: true, contentTypes: ['application/json'], description: 'a Bot Framework activity' },
  responses: {
    200: { description: 'activity processed (an invoke answers with its own status and body)' },
    400: { description: 'not an activity, or a channel id that is not a plain slug' },
    401: { description: 'Bot Framework authentication failed (any missing, malformed, unsigned, expired or untrusted token)' },
    403: { description: 'channel `line` (LINE enters only through its signed webhook), or, without an app id, a serviceUrl off this machine' },
    413: { description: 'body too large' },
  },
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
 * @example registerBotFrameworkRoute(api, { adapter, authenticated: Boolean(appId), logic, logger });
 */
export function registerBotFrameworkRoute(api: ApiRouter, options: BotFrameworkRouteOptions): void {
  const { adapter, authenticated, logic, logger } = options;
  api.route(botFrameworkMessages, async ({ req, res }) => {
    const raw = await readRawBody(req, MAX_ACTIVITY_BYTES);
    if (!raw.ok) {
      sendBodyProblem(res, raw);
      return ANSWERED;
    }
    const checked = incomingActivity.safeParse(parsedJson(raw.bytes));
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new NotAnActivityError(issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid');
    }
    const activity = withDates(checked.data as unknown as Activity);
    if (NATIVE_CHANNELS.has(activity.channelId)) throw new NativeChannelError(activity.channelId);
    if (!authenticated && !isLoopbackUrl(activity.serviceUrl)) throw new ServiceUrlOffMachineError();

    let authResult: AuthenticateRequestResult;
    try {
      authResult = await adapter.authenticate(activity, String(req.headers.authorization ?? ''));
    } catch (error) {
      // Every refusal is the caller's token, whatever the SDK threw for its shape (malformed, untrusted, expired).
      logger.warn({ err: error, requestId: req.id(), channelId: activity.channelId }, 'Bot Framework request refused: not authenticated');
      throw new BotFrameworkAuthenticationError(error);
    }
    const invokeResponse = await adapter.runAuthenticated(authResult, activity, logic);
    if (invokeResponse?.status) res.send(invokeResponse.status, invokeResponse.body);
    else res.send(200);
    return ANSWERED;
  });
}

/** The body as JSON; `undefined` (which is no activity) when it is not JSON. */
function parsedJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
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
