import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { messagingApi } from '@line/bot-sdk';
import { destroyResponse, flattenHeaders, headerValue, readJsonBody, sendJson } from './simulatorHttp.js';
import { FailureInjector, injectedFailureMessage } from './failureInjector.js';
import { isUuid, newMessageId, newOpaqueToken, newRequestId, newUserId } from './lineIds.js';
import { isJsonObject, validateMessages, type ValidationDetail } from './lineMessageRules.js';
import type {
  BotInfo, DeliveredMessages, FakeLineApiEvents, FakeLineApiOptions, LineProfile, MessageContent, RecordedRequest,
} from './fakeLineApiTypes.js';
import { ReplyTokenStore } from './replyTokenStore.js';
import { RetryKeyStore } from './retryKeyStore.js';

export type * from './fakeLineApiTypes.js';

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_LOADING_SECONDS = 20;

type Answer =
  | { readonly status: number; readonly json: unknown; readonly headers?: OutgoingHttpHeaders }
  | { readonly status: number; readonly bytes: Buffer; readonly contentType: string };

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly run: (params: string[], body: unknown, req: IncomingMessage, requestId: string) => Answer;
}

type MutableRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

/**
 * An in-memory LINE Messaging API (and content API) that enforces LINE's sending rules, for the simulator, tests and
 * benchmarks. It is a plain `node:http` handler, so it can be mounted under any prefix or run on its own.
 *
 * `delivered`, `loading` and `read` are emitted before the HTTP answer is written, so a caller that awaited its request sees
 * them; a listener that throws turns the answer into a 500 after the messages were delivered (as LINE's ambiguous
 * 5xx can be).
 *
 * @example
 * const api = new FakeLineApi({ accessTokens: ['token'] });
 * const replyToken = api.issueReplyToken('U4af4980629');
 * api.on('delivered', (batch) => console.log(batch.via, batch.messages));
 * http.createServer((req, res) => void api.handle(req, res, new URL(req.url ?? '/', 'http://x').pathname));
 */
export class FakeLineApi extends EventEmitter<FakeLineApiEvents> {
  /** The bot's identity (`GET /v2/bot/info`); its `userId` is the webhook `destination`. */
  readonly botInfo: BotInfo;
  private readonly accessTokens: ReadonlySet<string>;
  private readonly now: () => number;
  private readonly maxHistory: number;
  private readonly requestLog: MutableRecord[] = [];
  private readonly deliveredLog: DeliveredMessages[] = [];
  private readonly replyTokens: ReplyTokenStore;
  private readonly retryKeys: RetryKeyStore;
  private readonly profiles = new Map<string, LineProfile>();
  private readonly contents = new Map<string, MessageContent>();
  private readonly failures = new FailureInjector();
  private monthlyQuota: number | undefined;
  private readonly routes: readonly Route[] = [
    { method: 'POST', pattern: /^\/v2\/bot\/message\/reply$/, run: (_p, body, _req, id) => this.reply(body, id) },
    { method: 'POST', pattern: /^\/v2\/bot\/message\/push$/, run: (_p, body, req, id) => this.push(body, req.headers, id) },
    { method: 'POST', pattern: /^\/v2\/bot\/chat\/loading\/start$/, run: (_p, body) => this.startLoading(body) },
    { method: 'POST', pattern: /^\/v2\/bot\/chat\/markAsRead$/, run: (_p, body) => this.markAsRead(body) },
    { method: 'GET', pattern: /^\/v2\/bot\/info$/, run: () => ({ status: 200, json: this.botInfo }) },
    { method: 'GET', pattern: /^\/v2\/bot\/profile\/([^/]+)$/, run: ([userId]) => this.profile(userId, true) },
    { method: 'GET', pattern: /^\/v2\/bot\/(?:group|room)\/[^/]+\/member\/([^/]+)$/, run: ([userId]) => this.profile(userId, false) },
    { method: 'GET', pattern: /^\/v2\/bot\/message\/([^/]+)\/content(?:\/preview)?$/, run: ([messageId]) => this.content(messageId) },
    { method: 'GET', pattern: /^\/v2\/bot\/message\/([^/]+)\/content\/transcoding$/, run: ([messageId]) => this.transcoding(messageId) },
    { method: 'GET', pattern: /^\/v2\/bot\/message\/quota$/, run: () => ({ status: 200, json: this.monthlyQuota === undefined ? { type: 'none' } : { type: 'limited', value: this.monthlyQuota } }) },
    { method: 'GET', pattern: /^\/v2\/bot\/message\/quota\/consumption$/, run: () => ({ status: 200, json: { totalUsage: this.pushedMessageCount() } }) },
  ];

  /** Creates a fake accepting the given access tokens. */
  constructor(options: FakeLineApiOptions) {
    super();
    // One listener per open simulator stream is expected, so the default leak warning at 10 would be noise.
    this.setMaxListeners(0);
    this.accessTokens = new Set(options.accessTokens);
    this.now = options.now ?? Date.now;
    this.replyTokens = new ReplyTokenStore(options.replyTokenTtlMs ?? 60_000, this.now);
    this.retryKeys = new RetryKeyStore(this.now);
    this.maxHistory = options.maxHistory ?? 100_000;
    this.botInfo = Object.freeze({
      userId: options.bot?.userId ?? newUserId(),
      basicId: options.bot?.basicId ?? '@000simul',
      displayName: options.bot?.displayName ?? 'Simulated bot',
      ...(options.bot?.pictureUrl !== undefined ? { pictureUrl: options.bot.pictureUrl } : {}),
      chatMode: 'bot',
      markAsReadMode: 'auto',
    });
  }

  /**
   * Sets the month's message quota `GET /v2/bot/message/quota` answers (LINE's free plan: 200); `undefined`
   * answers `{ type: 'none' }` (unlimited), the default.
   */
  setMessageQuota(messages: number | undefined): void {
    this.monthlyQuota = messages;
  }

  /** Every request received, in arrival order. */
  get requests(): ReadonlyArray<RecordedRequest> {
    return this.requestLog;
  }

  /** Every batch of messages accepted by a reply or push, in order. */
  get delivered(): ReadonlyArray<DeliveredMessages> {
    return this.deliveredLog;
  }

  /**
   * Handles one request; `path` is relative to the API base (e.g. `/v2/bot/message/reply`). Resolves once the answer
   * is written (or the socket destroyed), never rejects.
   */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const record: MutableRecord = {
      method,
      path: path.split('?')[0] || '/',
      headers: flattenHeaders(req.headers),
      body: undefined,
      status: 0,
      requestId: newRequestId(),
      at: this.now(),
    };
    this.remember(this.requestLog, record);
    const headers = { 'x-line-request-id': record.requestId };
    let answer: Answer | 'network';
    try {
      answer = await this.answer(req, record);
    } catch {
      answer = { status: 500, json: { message: 'Internal server error' } };
    }
    if (answer === 'network') {
      record.status = 'network';
      await destroyResponse(res);
      return;
    }
    record.status = answer.status;
    if ('json' in answer) {
      sendJson(res, answer.status, answer.json, { ...headers, ...answer.headers });
    } else if (!res.headersSent && !res.destroyed) {
      res.writeHead(answer.status, { ...headers, 'content-type': answer.contentType, 'content-length': answer.bytes.length });
      res.end(answer.bytes);
    }
  }

  /** Issues a reply token for a chat, as LINE does with each webhook event that can be replied to. */
  issueReplyToken(chatId: string): string {
    return this.replyTokens.issue(chatId);
  }

  /** Sets the profile answered for a user id. */
  setProfile(userId: string, profile: LineProfile): void {
    this.profiles.set(userId, { ...profile });
  }

  /** Stores the binary content of a user's message (image, video, audio, file). */
  putContent(messageId: string, content: MessageContent): void {
    this.contents.set(messageId, { contentType: content.contentType, body: Buffer.from(content.body) });
  }

  /**
   * Makes the next `count` requests (only those whose path starts with `pathPrefix`, when given) fail with `status`,
   * or with a destroyed socket for `'network'`. A failed push does not consume its retry key. Calls queue up in order.
   *
   * @example api.failNext(2, 429, '/v2/bot/message/push') // two rate-limited pushes, then normal service
   */
  failNext(count: number, status: number | 'network', pathPrefix = ''): void {
    this.failures.add(count, status, pathPrefix);
  }

  /** Forgets requests, deliveries, tokens, retry keys, profiles, content and pending failures. */
  reset(): void {
    this.requestLog.length = 0;
    this.deliveredLog.length = 0;
    this.replyTokens.clear();
    this.retryKeys.clear();
    this.profiles.clear();
    this.contents.clear();
    this.failures.clear();
  }

  private async answer(req: IncomingMessage, record: MutableRecord): Promise<Answer | 'network'> {
    const hasBody = record.method !== 'GET' && record.method !== 'HEAD';
    const parsed = hasBody ? await readJsonBody(req, MAX_BODY_BYTES) : undefined;
    if (!hasBody) req.resume();
    const body = parsed?.ok ? parsed.value : undefined;
    const bodyError: Answer | undefined = parsed && !parsed.ok ? { status: parsed.status, json: { message: parsed.message } } : undefined;
    record.body = body;

    const authorization = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!authorization) return { status: 401, json: { message: "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'" } };
    if (!this.accessTokens.has(authorization[1] ?? '')) {
      return { status: 401, json: { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' } };
    }

    const injected = this.failures.take(record.path);
    if (injected === 'network') return 'network';
    if (injected !== undefined) return { status: injected, json: { message: injectedFailureMessage(injected) } };

    const candidates = this.routes.filter((route) => route.pattern.test(record.path));
    const route = candidates.find((candidate) => candidate.method === record.method);
    if (!route) {
      if (candidates.length === 0) return { status: 404, json: { message: 'Not found' } };
      return { status: 405, json: { message: 'Method not allowed' }, headers: { allow: candidates.map((c) => c.method).join(', ') } };
    }
    if (bodyError) return bodyError;
    let params: string[];
    try {
      params = (route.pattern.exec(record.path) ?? []).slice(1).map((part) => decodeURIComponent(part));
    } catch {
      return { status: 400, json: { message: 'The request path is not valid' } };
    }
    return route.run(params, body, req, record.requestId);
  }

  private reply(body: unknown, requestId: string): Answer {
    const problems = isJsonObject(body) ? validateMessages(body.messages) : [{ message: 'Must be an object', property: 'body' }];
    const replyToken = isJsonObject(body) ? body.replyToken : undefined;
    if (typeof replyToken !== 'string' || replyToken === '') problems.unshift({ message: 'May not be empty', property: 'replyToken' });
    if (problems.length > 0 || typeof replyToken !== 'string' || !isJsonObject(body)) return invalid(problems);
    const chatId = this.replyTokens.consume(replyToken);
    if (chatId === undefined) return { status: 400, json: { message: 'Invalid reply token' } };
    const batch = this.deliver(chatId, 'reply', body.messages as messagingApi.Message[], requestId, undefined, replyToken);
    return { status: 200, json: { sentMessages: batch.sentMessages } };
  }

  private push(body: unknown, headers: IncomingHttpHeaders, requestId: string): Answer {
    const retryKey = headerValue(headers['x-line-retry-key']);
    if (retryKey !== undefined && !isUuid(retryKey)) return { status: 400, json: { message: "The value of the 'X-Line-Retry-Key' header is invalid" } };
    const problems = isJsonObject(body) ? validateMessages(body.messages) : [{ message: 'Must be an object', property: 'body' }];
    const to = isJsonObject(body) ? body.to : undefined;
    if (typeof to !== 'string' || !/^[UCR]\S+$/.test(to)) problems.unshift({ message: 'Must be a user, group or room id', property: 'to' });
    if (problems.length > 0 || typeof to !== 'string' || !isJsonObject(body)) return invalid(problems);
    if (retryKey !== undefined) {
      const accepted = this.retryKeys.find(retryKey);
      if (accepted) {
        return {
          status: 409,
          json: { message: 'The retry key is already accepted', sentMessages: accepted.sentMessages },
          headers: { 'x-line-accepted-request-id': accepted.requestId },
        };
      }
    }
    const batch = this.deliver(to, 'push', body.messages as messagingApi.Message[], requestId, retryKey);
    if (retryKey !== undefined) this.retryKeys.accept(retryKey, requestId, batch.sentMessages);
    return { status: 200, json: { sentMessages: batch.sentMessages } };
  }

  private deliver(chatId: string, via: 'reply' | 'push', messages: messagingApi.Message[], requestId: string, retryKey: string | undefined, replyToken?: string): DeliveredMessages {
    const batch: DeliveredMessages = {
      chatId,
      via,
      messages,
      sentMessages: messages.map(() => ({ id: newMessageId(), quoteToken: newOpaqueToken() })),
      ...(retryKey !== undefined ? { retryKey } : {}),
      ...(replyToken !== undefined ? { replyToken } : {}),
      requestId,
      at: this.now(),
    };
    this.remember(this.deliveredLog, batch);
    this.emit('delivered', batch);
    return batch;
  }

  private startLoading(body: unknown): Answer {
    if (!isJsonObject(body)) return invalid([{ message: 'Must be an object', property: 'body' }]);
    const problems: ValidationDetail[] = [];
    const { chatId } = body;
    const loadingSeconds = body.loadingSeconds ?? DEFAULT_LOADING_SECONDS;
    if (typeof chatId !== 'string' || !chatId.startsWith('U')) problems.push({ message: 'Must be the user id of a one-on-one chat', property: 'chatId' });
    if (typeof loadingSeconds !== 'number' || !Number.isInteger(loadingSeconds) || loadingSeconds < 5 || loadingSeconds > 60 || loadingSeconds % 5 !== 0) {
      problems.push({ message: 'Must be a multiple of 5 between 5 and 60', property: 'loadingSeconds' });
    }
    if (problems.length > 0 || typeof chatId !== 'string' || typeof loadingSeconds !== 'number') return invalid(problems);
    this.emit('loading', { chatId, loadingSeconds, at: this.now() });
    return { status: 202, json: {} };
  }

  private markAsRead(body: unknown): Answer {
    if (!isJsonObject(body) || typeof body.markAsReadToken !== 'string' || body.markAsReadToken === '') {
      return invalid([{ message: 'May not be empty', property: 'markAsReadToken' }]);
    }
    this.emit('read', { markAsReadToken: body.markAsReadToken, at: this.now() });
    return { status: 200, json: {} };
  }

  private profile(userId: string | undefined, full: boolean): Answer {
    const profile = userId === undefined ? undefined : this.profiles.get(userId);
    if (!profile || userId === undefined) return { status: 404, json: { message: 'Not found' } };
    const { displayName, pictureUrl, statusMessage, language } = profile;
    // Group and room member profiles carry no status message or language on LINE either.
    const json = full ? { userId, displayName, pictureUrl, statusMessage, language } : { userId, displayName, pictureUrl };
    return { status: 200, json };
  }

  private content(messageId: string | undefined): Answer {
    const content = messageId === undefined ? undefined : this.contents.get(messageId);
    if (!content) return { status: 404, json: { message: 'Not found' } };
    return { status: 200, bytes: content.body, contentType: content.contentType };
  }

  private transcoding(messageId: string | undefined): Answer {
    if (messageId === undefined || !this.contents.has(messageId)) return { status: 404, json: { message: 'Not found' } };
    return { status: 200, json: { status: 'succeeded' } };
  }

  private pushedMessageCount(): number {
    return this.deliveredLog.reduce((total, batch) => total + (batch.via === 'push' ? batch.messages.length : 0), 0);
  }

  private remember<T>(log: T[], entry: T): void {
    log.push(entry);
    // Trim in chunks so a long benchmark does not pay for a shift on every request.
    if (log.length > this.maxHistory + Math.ceil(this.maxHistory / 10)) log.splice(0, log.length - this.maxHistory);
  }
}

/**
 * Starts a {@link FakeLineApi} on its own loopback HTTP server (tests, benchmarks). `port` 0 or absent picks a free one.
 *
 * @example
 * const fake = await startFakeLineApi({ accessTokens: ['token'] });
 * const client = new messagingApi.MessagingApiClient({ channelAccessToken: 'token', baseURL: fake.baseUrl });
 * await fake.close();
 */
export async function startFakeLineApi(options: FakeLineApiOptions & { readonly port?: number }): Promise<{ api: FakeLineApi; baseUrl: string; close(): Promise<void> }> {
  const api = new FakeLineApi(options);
  const server = createServer((req, res) => {
    void api.handle(req, res, new URL(req.url ?? '/', 'http://localhost').pathname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    api,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function invalid(details: readonly ValidationDetail[]): Answer {
  return { status: 400, json: { message: `The request body has ${details.length} error(s)`, details } };
}
