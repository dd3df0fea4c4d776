import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { activityToLineMessages } from './activityToLineMessages';
import type { LineAccount } from './lineAccount';
import { silentLineAdapterLogger, type LineAdapterLogger } from './lineAdapterLogger';
import { LineApiClient, type LineContent } from './lineApiClient';
import { LineChatPresence } from './lineChatPresence';
import { keepUnanswered, type LineChatSignals } from './lineChatSignals';
import { conversationKeyOfSource, lineConversationId, parseLineConversationId } from './lineConversationId';
import { LineDeliveryStats, type LineDeliveryCounts } from './lineDeliveryStats';
import { inboxConversationOf, type InboxEvent, type LineEventInbox, type PendingInboxEvent } from './lineEventInbox';
import { LineInboxWorker, type InboxRun } from './lineInboxWorker';
import { lineEventToActivity } from './lineEventToActivity';
import { LineMessageSender } from './lineMessageSender';
import { LineProfileCache } from './lineProfileCache';
import { LineTurnOutbox } from './lineTurnOutbox';
import { MemoryLineChatSignals } from './memoryLineChatSignals';
import { MemoryLineEventInbox } from './memoryLineEventInbox';
import { redeliverUndelivered } from './lineRedelivery';
import { replyTokenOf, runEventTurnOnce, type EventTurn } from './lineEventTurn';
import { verifyLineWebhook, type LineAccountDirectory, type LineWebhookResponse } from './lineWebhookVerification';
import { KeyedSerialQueue } from '../../shared/keyedSerialQueue';
import { AdaptiveTurnLimit } from './adaptiveTurnLimit';
import type { LineAdapterOptions, TurnLogic } from './lineAdapterOptions';

export type { LineAccountDirectory, LineWebhookResponse } from './lineWebhookVerification';
export type { LineAdapterOptions, TurnLogic } from './lineAdapterOptions';

/** The turn-state key under which a LINE turn keeps its outbox. */
const OUTBOX_KEY = Symbol('LineTurnOutbox');

/** The turn-state key under which a LINE event turn keeps the inbox event it runs. */
const EVENT_KEY = Symbol('LineInboxEvent');

/**
 * Runs of a turn whose bot logic throws before an error handler apologises instead of leaving it to a retry: enough
 * to ride out a brief store outage (about half a minute with the default backoff), short enough that a customer
 * hitting a bot bug hears back within a minute.
 */
const TURN_ERROR_ATTEMPTS = 3;

/**
 * Turn-state key a proactive turn's logic sets to `true` to let its messages use a reply token an earlier event of
 * the conversation left unused (free instead of paid). Whoever may spend the conversation's tokens is the caller's
 * decision (see the README's cost model).
 */
export const USE_KEPT_REPLY_TOKEN = 'line.useKeptReplyToken';

/**
 * Turn-state key under which a proactive turn leaves, once delivered, how each activity it sent went out:
 * `ReadonlyMap<activity id, 'reply' | 'push' | 'failed'>` (the ids its `sendActivities` returned).
 */
export const LINE_DELIVERIES = 'line.deliveries';

/** Name of the event a proactive turn (`continueConversation`) starts with. */
export const CONTINUE_CONVERSATION_EVENT = 'continueConversation';

/**
 * A Bot Framework adapter for the LINE Messaging API.
 *
 * Inbound, {@link processWebhook} verifies a callback's signature over the raw bytes, records its
 * events in the inbox (deduplicating redeliveries) and acknowledges at once; each event then
 * becomes an activity (`channelId: 'line'`, the raw event in `channelData`) and runs through the
 * middleware and bot, in order within a conversation and concurrently across conversations. The inbox is a
 * work queue: a conversation runs where its lease is held, so several instances can share one store
 * (see {@link LineInboxWorker}); failed turns are retried, undelivered answers pushed again, and what
 * cannot succeed becomes a dead letter. {@link start} begins taking over due work.
 *
 * Outbound, a turn's messages go out together by the event's reply token (free) and by push
 * (paid) only for what does not fit or comes too late; see {@link LineMessageSender}.
 *
 * @example
 * const adapter = new LineAdapter({ accounts: { get: async (id) => (id === 'default' ? account : undefined) } });
 * adapter.start((ctx) => bot.run(ctx));
 * server.post('/api/line/:accountId', async (req, res) => {
 *   const result = await adapter.processWebhook(req.params.accountId, rawBody, req.header('x-line-signature'), (ctx) => bot.run(ctx));
 *   res.send(result.status, result.body);
 * });
 */
export class LineAdapter extends BotAdapter {
  /** Replies vs pushes per account: the free and the paid part of what the bot sent. */
  readonly deliveryStats = new LineDeliveryStats();

  private readonly accounts: LineAccountDirectory;
  private readonly inbox: LineEventInbox;
  private readonly logger: LineAdapterLogger;
  private readonly sender: LineMessageSender;
  private readonly profiles: LineProfileCache;
  private readonly signals: LineChatSignals;
  private readonly presence: LineChatPresence;
  private readonly queue: KeyedSerialQueue;
  private readonly worker: LineInboxWorker;
  private readonly turnLimit: AdaptiveTurnLimit | undefined;
  /** The bot logic of turns the poll starts: the last one given to {@link start} or {@link processWebhook}. */
  private logic: TurnLogic | undefined;
  private readonly clients = new Map<string, { account: LineAccount; client: LineApiClient }>();
  private readonly replyTokenTtlMs: number;
  private readonly apiTimeoutMs: number;
  private readonly typingSeconds: number;
  private readonly onStandbyActivity: ((activity: Partial<Activity>) => Promise<void>) | undefined;
  private readonly onTurnCompleted: ((activity: Partial<Activity>) => Promise<void>) | undefined;
  private readonly now: () => number;
  private readonly onApiCall: LineAdapterOptions['onApiCall'];

  constructor(options: LineAdapterOptions) {
    super();
    this.accounts = options.accounts;
    this.queue = new KeyedSerialQueue(options.maxConcurrentTurns ?? 64);
    const targetLagMs = options.turnLagTargetMs ?? 0;
    this.turnLimit = targetLagMs > 0 ? new AdaptiveTurnLimit(this.queue, { max: options.maxConcurrentTurns ?? 64, targetLagMs }) : undefined;
    this.inbox = options.inbox ?? new MemoryLineEventInbox();
    this.logger = options.logger ?? silentLineAdapterLogger;
    this.replyTokenTtlMs = options.replyTokenTtlMs ?? 50_000;
    this.apiTimeoutMs = options.apiTimeoutMs ?? 10_000;
    this.typingSeconds = options.typingSeconds ?? 20;
    this.onStandbyActivity = options.onStandbyActivity;
    this.onTurnCompleted = options.onTurnCompleted;
    this.now = options.now ?? Date.now;
    this.onApiCall = options.onApiCall;
    const clientFor = (account: LineAccount): LineApiClient => this.clientFor(account);
    this.sender = new LineMessageSender({
      clientFor,
      stats: this.deliveryStats,
      logger: this.logger,
      now: this.now,
      ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    });
    this.profiles = new LineProfileCache(clientFor, this.logger);
    this.signals = options.chatSignals ?? new MemoryLineChatSignals();
    this.presence = new LineChatPresence({ signals: this.signals, account: (id) => this.accounts.get(id), clientFor, stats: this.deliveryStats, logger: this.logger, now: this.now });
    this.worker = new LineInboxWorker({
      inbox: this.inbox,
      queue: this.queue,
      run: (event) => this.runInboxEvent(event),
      logger: this.logger,
      now: this.now,
      pollLimit: options.maxConcurrentTurns ?? 64,
      ...(options.turnsElsewhere ? { handOff: options.turnsElsewhere } : {}),
      ...(options.workQueue ? { settings: options.workQueue } : {}),
    });
  }

  /**
   * Handles one callback to an account's webhook URL. Answers as soon as the events are
   * recorded; the turns run afterwards.
   *
   * @param rawBody the exact bytes received: the signature is computed over them.
   * @param signature the `x-line-signature` header.
   */
  async processWebhook(accountId: string, rawBody: Buffer, signature: string | undefined, logic: TurnLogic): Promise<LineWebhookResponse> {
    const verified = await verifyLineWebhook(this.accounts, this.logger, accountId, rawBody, signature);
    if ('status' in verified) return verified;
    const { body } = verified;
    if (body.events.length === 0) return { status: 200, body: { accepted: 0 } };

    const receivedAt = this.now();
    const arrivals: InboxEvent[] = body.events.map((event) => ({ accountId, destination: body.destination, event, receivedAt }));
    let admitted: InboxEvent[];
    let poisoned: number;
    try {
      ({ admitted, poisoned } = await this.inbox.admit(arrivals));
    } catch (error) {
      this.logger.error({ accountId, err: error, events: arrivals.length }, 'LINE webhook refused: could not record events; LINE will redeliver');
      return { status: 503, body: { message: 'events could not be recorded; retry later' } };
    }
    // Redelivering a poison event cannot help: it is kept as a dead letter, and LINE is told it arrived.
    if (poisoned > 0) this.logger.error({ accountId, events: poisoned }, 'LINE events that cannot be stored were recorded as dead letters');
    this.logic = logic;
    // Turns start after this callback's answer is written: the acknowledgement never waits on a bot.
    setImmediate(() => {
      for (const conversation of new Set(admitted.map((item) => inboxConversationOf(item.accountId, item.event)))) this.worker.request(conversation);
    });
    return { status: 200, body: { accepted: admitted.length + poisoned, duplicates: arrivals.length - admitted.length - poisoned } };
  }

  /**
   * Starts the work queue's poll: events of conversations whose lease expired (another instance died, or this one
   * restarted) and retries that came due run here, with `logic`.
   */
  start(logic: TurnLogic): void {
    this.logic = logic;
    this.worker.start();
    this.turnLimit?.start();
  }

  /**
   * Runs the conversation's pending events here now, if its lease can be had: what a turn runner does when it learns
   * that another thread or process admitted events (instead of waiting for its next poll).
   */
  runConversation(conversation: string): void {
    this.worker.request(conversation);
  }

  /** Stops the poll (conversations running finish; see {@link whenIdle}). */
  stop(): void {
    this.worker.stop();
    this.turnLimit?.stop();
  }

  /** Looks for due work once now, as the periodic poll does (tests, operators' retries). */
  async pollOnce(): Promise<void> {
    await this.worker.poll();
  }

  /** Resolves when every scheduled turn has finished (tests, graceful shutdown). */
  async whenIdle(): Promise<void> {
    // Turns are scheduled on the next check phase (see processWebhook); let those land in the queue first.
    await new Promise((resolve) => setImmediate(resolve));
    await this.queue.onIdle();
  }

  /**
   * Whether this LINE event turn, failing now, runs again later: nothing of it was delivered and it is not yet its
   * third run (nor the last the work queue allows). An `onTurnError` handler may then rethrow (the event is retried
   * after a backoff) instead of apologising to the customer.
   */
  willRetryFailedTurn(context: TurnContext): boolean {
    const event = context.turnState.get(EVENT_KEY) as PendingInboxEvent | undefined;
    const outbox = context.turnState.get(OUTBOX_KEY) as LineTurnOutbox | undefined;
    if (!event || !outbox) return false;
    return outbox.delivered === 0 && outbox.undelivered === undefined && event.attempts + 1 < Math.min(this.worker.maxAttempts, TURN_ERROR_ATTEMPTS);
  }

  /** Delivery counters per account, for metrics. */
  deliveryCounts(): Record<string, LineDeliveryCounts> {
    return this.deliveryStats.snapshot();
  }

  /** A client of the account's Messaging API (quota reads and other calls outside turns). */
  async apiClient(accountId: string): Promise<LineApiClient> {
    return this.clientFor(await this.requireAccount(accountId));
  }

  /**
   * Shows LINE's loading animation in a 1:1 conversation while a person writes (e.g. an agent typing), for
   * `seconds` (default: the `typingSeconds` option); an animation shown earlier that still runs is not started again,
   * whichever instance showed it. Whether LINE was asked.
   */
  async showLoading(conversationId: string, seconds: number = this.typingSeconds): Promise<boolean> {
    return this.presence.showLoading(conversationId, seconds);
  }

  /** Marks the customer's messages in the conversation read on LINE if one arrived since the last mark; whether it did. */
  async markRead(conversationId: string): Promise<boolean> {
    return this.presence.markRead(conversationId);
  }

  /** Streams the content (image, video, audio, file) of a message a customer sent. */
  async getContent(accountId: string, messageId: string, variant: 'content' | 'preview' = 'content'): Promise<LineContent> {
    const account = await this.requireAccount(accountId);
    return this.clientFor(account).getContent(messageId, variant);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    const outbox = context.turnState.get(OUTBOX_KEY) as LineTurnOutbox | undefined;
    for (const activity of activities) {
      const id = randomUUID();
      switch (activity.type) {
        case 'delay': {
          // Messages queued so far go out before the pause, or the pause would be meaningless.
          await outbox?.flush();
          await sleep(typeof activity.value === 'number' ? activity.value : 1000);
          break;
        }
        case ActivityTypes.Typing:
          await this.presence.showLoading(activity.conversation?.id ?? '', this.typingSeconds);
          break;
        case ActivityTypes.Trace:
          break;
        default: {
          const messages = activityToLineMessages(activity);
          if (messages.length === 0) break;
          const conversationId = activity.conversation?.id ?? context.activity.conversation?.id ?? '';
          if (outbox && outbox.conversationId === conversationId) {
            await outbox.add(messages, id);
          } else {
            const { account, chatId } = await this.resolveConversation(conversationId);
            await this.sender.deliver(account, chatId, messages);
          }
        }
      }
      responses.push({ id });
    }
    return responses;
  }

  /** LINE cannot edit a message once sent. */
  override async updateActivity(): Promise<void> {
    throw new Error('LINE does not support updating a sent message');
  }

  /** LINE cannot delete (unsend) a bot's message. */
  override async deleteActivity(): Promise<void> {
    throw new Error('LINE does not support deleting a sent message');
  }

  /**
   * Runs `logic` in a proactive turn of the referenced conversation; what it sends goes by push
   * (there is no reply token). Delivery failures reject the returned promise.
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const conversationId = reference.conversation?.id ?? '';
    const { account, chatId } = await this.resolveConversation(conversationId);
    // In the conversation's queue and under its lease, so a proactive turn never overlaps a customer's turn, here or on
    // another instance (their bot state would clash).
    await this.queue.run(conversationId, () => this.worker.withLease(conversationId, async () => {
      const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: CONTINUE_CONVERSATION_EVENT }, reference, true);
      const context = new TurnContext(this, activity);
      // A caller-chosen activity id makes the push retry keys deterministic: sending again with it cannot deliver twice.
      const outbox = new LineTurnOutbox(this.sender, account, conversationId, chatId, undefined, reference.activityId);
      context.turnState.set(OUTBOX_KEY, outbox);
      await this.runMiddleware(context, logic);
      if (outbox.hasPending && context.turnState.get(USE_KEPT_REPLY_TOKEN) === true) {
        const kept = await this.signals.takeReplyToken(conversationId, this.now());
        if (kept) outbox.useReplyToken({ ...kept, used: false });
      }
      try {
        await outbox.flush();
      } finally {
        context.turnState.set(LINE_DELIVERIES, outbox.deliveries());
      }
      // A message ends LINE's loading animation: the next one someone starts must not wait for ours to run out.
      if (outbox.delivered > 0) await this.signals.endLoading(conversationId).catch((error: unknown) => this.logger.warn({ err: error }, 'could not record the end of a LINE loading animation'));
    }));
  }

  /** The Bot Framework signature for proactive messages; LINE needs neither app id nor audience. */
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new TypeError('continueConversationAsync: missing logic');
    await this.continueConversation(reference, logic);
  }

  private async runInboxEvent(item: PendingInboxEvent): Promise<InboxRun> {
    const account = await this.accounts.get(item.accountId);
    if (!account) return { outcome: { kind: 'failed', error: `LINE account '${item.accountId}' no longer exists`, retryable: false } };
    if (item.undelivered) return { outcome: await redeliverUndelivered(this.sender, account, item.undelivered) };
    const logic = this.logic;
    if (!logic) return { outcome: { kind: 'failed', error: 'no bot logic yet', retryable: true } };
    const turn: EventTurn = {};
    return runEventTurnOnce(turn, () => this.runEventTurn(account, item, logic, turn), async () => {
      if (turn.activity) await this.onTurnCompleted?.(turn.activity);
    });
  }

  private async runEventTurn(account: LineAccount, item: PendingInboxEvent, logic: TurnLogic, turn: EventTurn): Promise<void> {
    const { event } = item;
    const key = conversationKeyOfSource(account.id, event.source);
    const userId = event.source?.userId;
    const profile = key && userId && event.type !== 'unfollow' ? await this.profiles.get(account, userId, { type: key.chatType, id: key.chatId }) : undefined;
    const activity = lineEventToActivity(event, {
      accountId: account.id,
      destination: item.destination,
      dataApiBaseUrl: account.dataApiBaseUrl,
      serviceUrl: account.apiBaseUrl,
      ...(profile ? { profile } : {}),
    });
    if (!activity) {
      // An event type LINE added after this code was written, or one without a chat to answer in.
      this.logger.warn({ accountId: account.id, webhookEventId: event.webhookEventId, type: event.type }, 'LINE event of unknown type or without a chat; ignored');
      return;
    }
    if (event.mode === 'standby') {
      await this.onStandbyActivity?.(activity);
      return;
    }
    turn.activity = activity;
    const context = new TurnContext(this, activity);
    let outbox: LineTurnOutbox | undefined;
    if (key) {
      const replyToken = replyTokenOf(event);
      outbox = new LineTurnOutbox(
        this.sender,
        account,
        lineConversationId(key),
        key.chatId,
        replyToken ? { token: replyToken, expiresAt: item.receivedAt + this.replyTokenTtlMs, used: false } : undefined,
        event.webhookEventId,
        true,
      );
      turn.outbox = outbox;
      context.turnState.set(OUTBOX_KEY, outbox);
      context.turnState.set(EVENT_KEY, item);
    }
    await this.runMiddleware(context, logic);
    await outbox?.flush();
    const unused = outbox?.unusedReplyToken(this.now());
    // Best effort: the turn is done, and failing it now would run it (and relay the message) again.
    if (outbox && unused) await keepUnanswered(this.signals, outbox.conversationId, event, unused).catch((error: unknown) => this.logger.warn({ err: error }, 'could not keep an unused LINE reply token'));
  }

  private async resolveConversation(conversationId: string): Promise<{ account: LineAccount; chatId: string }> {
    const key = parseLineConversationId(conversationId);
    if (!key) throw new Error(`not a LINE conversation id: '${conversationId}'`);
    return { account: await this.requireAccount(key.accountId), chatId: key.chatId };
  }

  private async requireAccount(accountId: string): Promise<LineAccount> {
    const account = await this.accounts.get(accountId);
    if (!account) throw new Error(`no LINE account '${accountId}'`);
    return account;
  }

  private clientFor(account: LineAccount): LineApiClient {
    const cached = this.clients.get(account.id);
    // An account whose credentials or endpoints changed gets a fresh client.
    if (cached && cached.account === account) return cached.client;
    const client = new LineApiClient(account, this.apiTimeoutMs, this.onApiCall);
    this.clients.set(account.id, { account, client });
    return client;
  }
}
