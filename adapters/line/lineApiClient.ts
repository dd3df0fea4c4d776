import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { messagingApi } from '@line/bot-sdk';
import { LineApiError } from './lineApiError';
import type { LineAccount } from './lineAccount';
import type { LineChatType } from './lineConversationId';

/** A LINE user's profile as the Messaging API returns it. */
export interface LineProfile {
  readonly userId: string;
  readonly displayName: string;
  readonly pictureUrl?: string;
  readonly statusMessage?: string;
  /** BCP-47 language tag; only present when the user consented. */
  readonly language?: string;
}

/** Media content downloaded from LINE. */
export interface LineContent {
  readonly contentType: string;
  readonly contentLength: number | undefined;
  readonly body: Readable;
}

/** One Messaging API call as it ended: `status` is `undefined` when nothing was answered (network, time-out). */
export interface LineApiCall {
  readonly accountId: string;
  /** Method and path with ids replaced, e.g. `POST /v2/bot/message/push`. */
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly durationMs: number;
}

/** The month's message quota of an account (`GET /v2/bot/message/quota`): `none` means unlimited. */
export interface LineMessageQuota {
  readonly type: 'none' | 'limited';
  /** Messages a month, when `limited`. */
  readonly value?: number;
}

/**
 * A thin client for the Messaging API calls the adapter makes, bound to one account.
 *
 * It uses the platform `fetch` with a per-request time-out (a hung connection must not stall a
 * conversation's queue) and turns every failure into a {@link LineApiError}. It does not retry:
 * retry decisions belong to the sender, which knows whether a call is idempotent.
 */
export class LineApiClient {
  constructor(
    private readonly account: LineAccount,
    private readonly timeoutMs = 10_000,
    private readonly onCall?: (call: LineApiCall) => void,
  ) {}

  /** The account's message quota this month. */
  async getMessageQuota(): Promise<LineMessageQuota> {
    const response = await this.call('GET', this.account.apiBaseUrl, '/v2/bot/message/quota');
    return (await response.json()) as LineMessageQuota;
  }

  /** Messages counted against the quota so far this month (`totalUsage`). */
  async getQuotaConsumption(): Promise<number> {
    const response = await this.call('GET', this.account.apiBaseUrl, '/v2/bot/message/quota/consumption');
    return ((await response.json()) as { totalUsage: number }).totalUsage;
  }

  /** Sends messages with a reply token. Free of charge; the token is single-use. */
  async reply(replyToken: string, messages: readonly messagingApi.Message[]): Promise<void> {
    await this.call('POST', this.account.apiBaseUrl, '/v2/bot/message/reply', { replyToken, messages });
  }

  /**
   * Pushes messages to a user, group or room (counts against the paid quota). `retryKey` makes a
   * repeated request idempotent: LINE answers 409 to a key it already accepted.
   */
  async push(to: string, messages: readonly messagingApi.Message[], retryKey: string = randomUUID()): Promise<void> {
    await this.call('POST', this.account.apiBaseUrl, '/v2/bot/message/push', { to, messages }, { 'X-Line-Retry-Key': retryKey });
  }

  /** Shows the loading animation in a 1:1 chat for `seconds` (5–60, a multiple of 5). */
  async showLoadingAnimation(chatId: string, seconds: number): Promise<void> {
    await this.call('POST', this.account.apiBaseUrl, '/v2/bot/chat/loading/start', { chatId, loadingSeconds: seconds });
  }

  /** Marks the chat's messages up to the one that carried `markAsReadToken` as read (with Chat mode on). */
  async markAsRead(markAsReadToken: string): Promise<void> {
    await this.call('POST', this.account.apiBaseUrl, '/v2/bot/chat/markAsRead', { markAsReadToken });
  }

  /** The profile of a user, in a 1:1 chat or as a member of a group or room. */
  async getProfile(userId: string, chat?: { type: LineChatType; id: string }): Promise<LineProfile> {
    const path =
      chat === undefined || chat.type === 'user'
        ? `/v2/bot/profile/${encodeURIComponent(userId)}`
        : `/v2/bot/${chat.type}/${encodeURIComponent(chat.id)}/member/${encodeURIComponent(userId)}`;
    const response = await this.call('GET', this.account.apiBaseUrl, path);
    return (await response.json()) as LineProfile;
  }

  /** The bot's own account information; a cheap way to check that an access token works. */
  async getBotInfo(): Promise<messagingApi.BotInfoResponse> {
    const response = await this.call('GET', this.account.apiBaseUrl, '/v2/bot/info');
    return (await response.json()) as messagingApi.BotInfoResponse;
  }

  /** Streams the content of a message a user sent (image, video, audio, file). */
  async getContent(messageId: string, variant: 'content' | 'preview' = 'content'): Promise<LineContent> {
    const suffix = variant === 'preview' ? '/content/preview' : '/content';
    const response = await this.call('GET', this.account.dataApiBaseUrl, `/v2/bot/message/${encodeURIComponent(messageId)}${suffix}`, undefined, undefined, false);
    if (response.body === null) throw new LineApiError(`GET /v2/bot/message/{id}${suffix}`, response.status, 'empty body');
    const length = response.headers.get('content-length');
    return {
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      contentLength: length === null ? undefined : Number(length),
      body: Readable.fromWeb(response.body),
    };
  }

  private async call(
    method: 'GET' | 'POST',
    baseUrl: string,
    path: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
    timeBound = true,
  ): Promise<Response> {
    const endpoint = `${method} ${path.replace(/\/(U|C|R)[0-9a-f]{32}/g, '/{id}')}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.account.channelAccessToken}`, ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    const started = performance.now();
    const report = (status: number | undefined): void => this.onCall?.({ accountId: this.account.id, endpoint, status, durationMs: performance.now() - started });
    // A timer cleared as soon as the answer arrives (unlike AbortSignal.timeout, which keeps the
    // request's objects alive for the whole time-out and burdens the garbage collector under load).
    const controller = timeBound ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs) : undefined;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        // Content downloads may legitimately take long; only their connection is bounded by the caller.
        signal: controller?.signal ?? null,
      });
    } catch (error) {
      report(undefined);
      throw new LineApiError(endpoint, undefined, undefined, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    report(response.status);
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // LINE's gateway sometimes answers HTML or plain text; keep it as it is.
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new LineApiError(endpoint, response.status, parsed, Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {});
  }
}
