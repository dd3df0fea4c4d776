import type { messagingApi } from '@line/bot-sdk';

/** Options of a {@link FakeLineApi}. */
export interface FakeLineApiOptions {
  /** Channel access tokens accepted as `Authorization: Bearer …`; anything else is answered 401. */
  readonly accessTokens: readonly string[];
  /** How long an issued reply token stays usable; LINE's is about one minute. Default 60 000. */
  readonly replyTokenTtlMs?: number;
  /** Clock, injectable so tests can expire reply tokens and retry keys. Default `Date.now`. */
  readonly now?: () => number;
  /** The bot's own identity, answered by `GET /v2/bot/info` and used as a webhook `destination`. */
  readonly bot?: Partial<BotInfo>;
  /** How many entries `requests` and `delivered` keep before dropping the oldest (long benchmarks). Default 100 000. */
  readonly maxHistory?: number;
}

/** One request the fake received and how it answered. */
export interface RecordedRequest {
  readonly method: string;
  /** Path relative to the API base, without the query string. */
  readonly path: string;
  /** Request headers with lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; `undefined` when there was none or it was not JSON. */
  readonly body: unknown;
  /** HTTP status answered, `'network'` when the socket was destroyed on purpose, `0` while still being handled. */
  readonly status: number | 'network';
  /** The `x-line-request-id` answered. */
  readonly requestId: string;
  /** Clock time when it arrived. */
  readonly at: number;
}

/** One entry of `sentMessages` in a reply or push response. */
export interface SentMessage {
  readonly id: string;
  readonly quoteToken: string;
}

/** A batch of messages the fake accepted for one chat. */
export interface DeliveredMessages {
  /** User, group or room id the messages went to. */
  readonly chatId: string;
  /** `reply` (free, used a reply token) or `push` (counts against the paid quota). */
  readonly via: 'reply' | 'push';
  readonly messages: readonly messagingApi.Message[];
  /** The ids LINE would give the messages, in the same order. */
  readonly sentMessages: readonly SentMessage[];
  /** The push's `X-Line-Retry-Key`, when it had one. */
  readonly retryKey?: string;
  /** The reply token a reply used (which event it answers). */
  readonly replyToken?: string;
  /** The `x-line-request-id` of the accepting response. */
  readonly requestId: string;
  readonly at: number;
}

/** A read mark the bot set (`POST /v2/bot/chat/markAsRead`): the token of the newest message it marks read. */
export interface ReadMark {
  readonly markAsReadToken: string;
  readonly at: number;
}

/** A loading animation the bot started (`POST /v2/bot/chat/loading/start`). */
export interface LoadingAnimation {
  readonly chatId: string;
  readonly loadingSeconds: number;
  readonly at: number;
}

/** A user's profile as `GET /v2/bot/profile/{userId}` answers it. */
export interface LineProfile {
  readonly displayName: string;
  readonly pictureUrl?: string;
  /** BCP-47 language tag; LINE only reveals it when the user consented. */
  readonly language?: string;
  readonly statusMessage?: string;
}

/** The bot's identity as `GET /v2/bot/info` answers it. */
export interface BotInfo {
  readonly userId: string;
  readonly basicId: string;
  readonly displayName: string;
  readonly pictureUrl?: string;
  readonly chatMode: 'bot';
  readonly markAsReadMode: 'auto';
}

/** Binary content of a user's message, served by `GET /v2/bot/message/{id}/content`. */
export interface MessageContent {
  readonly contentType: string;
  readonly body: Buffer;
}

/** Events a {@link FakeLineApi} emits. */
export interface FakeLineApiEvents {
  /** Messages accepted by a reply or a push. */
  delivered: [DeliveredMessages];
  /** A loading animation started. */
  loading: [LoadingAnimation];
  /** A chat's messages were marked read (`POST /v2/bot/chat/markAsRead`). */
  read: [ReadMark];
}
