import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { openDeliveryStream } from './deliveryStream.js';
import type { FakeLineApi } from './fakeLineApi.js';
import { readJsonBody, sendJson } from './simulatorHttp.js';
import { isLineUserId } from './lineIds.js';
import { buildUserEvent, userEventInputSchema } from './simulatedUserEvent.js';
import { registerSimulatorPage } from './simulatorPageRoutes.js';
import { STICKER_PALETTE } from './stickerPalette.js';
import { deliverWebhook } from './webhookDelivery.js';

/** Options of {@link registerLineSimulator}. */
export interface LineSimulatorOptions {
  /** The fake Messaging API the server's LINE adapter calls for this account. */
  readonly fakeApi: FakeLineApi;
  /** The account whose webhook the simulator drives; its secret signs the simulated webhooks. */
  readonly account: { readonly id: string; readonly channelSecret: string };
  /** Where simulated webhooks go, e.g. `http://127.0.0.1:3978/api/line/default`; a function when it is known only once the server listens. */
  readonly webhookUrl: string | (() => string);
  readonly logger: Logger;
  /** The built simulator page (default: `dist/simulator-page`). */
  readonly pageDirectory?: string;
}

/** Path under which the fake Messaging API is mounted; the adapter's `apiBaseUrl` is the server URL plus this. */
export const LINE_API_MOUNT_PATH = '/simulator/line-api';

const EVENT_BODY_LIMIT = 8 * 1024 * 1024;
const SMALL_BODY_LIMIT = 16 * 1024;
const WEBHOOK_TIMEOUT_MS = 10_000;
/** LINE treats a webhook answered later than this as failed; the page warns about slower answers. */
const LINE_WEBHOOK_DEADLINE_MS = 2_000;

const profileSchema = z.object({
  displayName: z.string().trim().min(1).max(20),
  language: z.enum(['en', 'ja', 'th', 'zh-TW']),
  statusMessage: z.string().max(500).optional(),
});

const failureSchema = z.object({
  status: z.union([z.number().int().min(400).max(599), z.literal('network')]),
  count: z.number().int().min(1).max(100).default(1),
  pathPrefix: z.string().regex(/^\/v2\//).optional(),
});

/**
 * Mounts the LINE simulator on the main server: the browser page at `/simulator`, its JSON API under
 * `/simulator/api`, and the fake Messaging API under {@link LINE_API_MOUNT_PATH}. A simulated user's actions become
 * signed webhook requests to `webhookUrl`, so they travel the same path as LINE's.
 *
 * Only for development and demos: anyone who can reach these routes can forge webhooks for the account.
 *
 * @example
 * registerLineSimulator(server, { fakeApi, account: { id: 'default', channelSecret }, webhookUrl, logger });
 */
export function registerLineSimulator(server: Server, options: LineSimulatorOptions): void {
  const { fakeApi, account, logger } = options;
  const webhookUrlOf = (): string => (typeof options.webhookUrl === 'string' ? options.webhookUrl : options.webhookUrl());
  const blockedUsers = new Set<string>();
  const streams = new ShutdownAwareStreams(server);

  const forwardToFakeApi = async (req: Request, res: Response): Promise<void> => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    await fakeApi.handle(req, res, pathname.slice(LINE_API_MOUNT_PATH.length) || '/');
  };
  const apiPath = `${LINE_API_MOUNT_PATH}/*`;
  server.get(apiPath, forwardToFakeApi);
  server.post(apiPath, forwardToFakeApi);
  server.put(apiPath, forwardToFakeApi);
  server.del(apiPath, forwardToFakeApi);
  server.patch(apiPath, forwardToFakeApi);

  registerSimulatorPage(server, options.pageDirectory);

  server.get('/simulator/api/config', async (_req: Request, res: Response) => {
    sendJson(res, 200, {
      accountId: account.id,
      webhookUrl: webhookUrlOf(),
      bot: { userId: fakeApi.botInfo.userId, displayName: fakeApi.botInfo.displayName },
      stickers: STICKER_PALETTE,
      webhookDeadlineMs: LINE_WEBHOOK_DEADLINE_MS,
    });
  });

  server.post('/simulator/api/users/:userId/events', async (req: Request, res: Response) => {
    const userId = routeParam(req, 'userId');
    if (!isLineUserId(userId)) return sendJson(res, 400, { message: 'userId must be U followed by 32 hex digits' });
    const body = await readJsonBody(req, EVENT_BODY_LIMIT);
    if (!body.ok) return sendJson(res, body.status, { message: body.message });
    const input = userEventInputSchema.safeParse(body.value);
    if (!input.success) return sendJson(res, 400, { message: z.prettifyError(input.error) });

    const { event, content } = buildUserEvent(input.data, {
      userId,
      now: Date.now(),
      issueReplyToken: () => fakeApi.issueReplyToken(userId),
      isUnblocked: blockedUsers.has(userId),
    });
    if (input.data.kind === 'follow') blockedUsers.delete(userId);
    if (input.data.kind === 'unfollow') blockedUsers.add(userId);
    if (content) fakeApi.putContent(content.messageId, { contentType: content.contentType, body: content.body });

    try {
      const delivery = await deliverWebhook(webhookUrlOf(), account.channelSecret, { destination: fakeApi.botInfo.userId, events: [event] }, WEBHOOK_TIMEOUT_MS);
      const log = { userId, kind: input.data.kind, webhookEventId: event.webhookEventId, webhookStatus: delivery.status, elapsedMs: delivery.elapsedMs };
      if (delivery.status >= 200 && delivery.status < 300) logger.debug(log, 'simulated webhook delivered');
      else logger.warn({ ...log, answer: delivery.answer }, 'webhook refused a simulated event');
      sendJson(res, 200, { webhookStatus: delivery.status, webhookAnswer: delivery.answer, elapsedMs: delivery.elapsedMs, event });
    } catch (error) {
      logger.warn({ err: error, userId, webhookUrl: webhookUrlOf() }, 'simulated webhook could not be delivered');
      sendJson(res, 502, { message: `The webhook at ${webhookUrlOf()} could not be reached: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

  server.put('/simulator/api/users/:userId/profile', async (req: Request, res: Response) => {
    const userId = routeParam(req, 'userId');
    if (!isLineUserId(userId)) return sendJson(res, 400, { message: 'userId must be U followed by 32 hex digits' });
    const body = await readJsonBody(req, SMALL_BODY_LIMIT);
    if (!body.ok) return sendJson(res, body.status, { message: body.message });
    const profile = profileSchema.safeParse(body.value);
    if (!profile.success) return sendJson(res, 400, { message: z.prettifyError(profile.error) });
    fakeApi.setProfile(userId, profile.data);
    sendJson(res, 200, { userId, ...profile.data });
  });

  server.get('/simulator/api/users/:userId/stream', async (req: Request, res: Response) => {
    const userId = routeParam(req, 'userId');
    if (!isLineUserId(userId)) return sendJson(res, 400, { message: 'userId must be U followed by 32 hex digits' });
    streams.add(res, openDeliveryStream(req, res, fakeApi, userId));
  });

  server.post('/simulator/api/fail', async (req: Request, res: Response) => {
    const body = await readJsonBody(req, SMALL_BODY_LIMIT);
    if (!body.ok) return sendJson(res, body.status, { message: body.message });
    const failure = failureSchema.safeParse(body.value);
    if (!failure.success) return sendJson(res, 400, { message: z.prettifyError(failure.error) });
    const { status, count, pathPrefix } = failure.data;
    fakeApi.failNext(count, status, pathPrefix);
    logger.info({ status, count, pathPrefix }, 'simulator will fail LINE API calls on demand');
    sendJson(res, 200, { status, count, pathPrefix: pathPrefix ?? '' });
  });
}

/**
 * Open event streams, ended as soon as the server stops listening: `server.close()` waits for open connections, and
 * an event stream never ends by itself.
 */
class ShutdownAwareStreams {
  private readonly open = new Set<() => void>();
  private watcher: NodeJS.Timeout | undefined;

  constructor(private readonly server: Server) {}

  add(res: Response, end: () => void): void {
    this.open.add(end);
    res.once('close', () => {
      this.open.delete(end);
      if (this.open.size === 0) this.stopWatching();
    });
    this.watcher ??= setInterval(() => {
      if (this.server.server.listening) return;
      for (const endStream of this.open) endStream();
    }, 250).unref();
  }

  private stopWatching(): void {
    clearInterval(this.watcher);
    this.watcher = undefined;
  }
}

function routeParam(req: Request, name: string): string {
  const params: unknown = req.params;
  const value = typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}
