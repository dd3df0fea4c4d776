import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { CustomerRepository, CustomerSighting } from './customerRepository';
import { IdleExpiringMap, type IdleExpiringMapOptions } from '../storage/idleExpiringMap';

/** Options of {@link CustomerTrackingMiddleware}. */
export interface CustomerTrackingOptions {
  /** A customer who keeps writing with the same profile is written at most this often; 60 s by default. */
  readonly refreshMs?: number;
  /** Bounds of what is remembered per customer to skip writes; 10 minutes idle, 50,000 customers by default. */
  readonly memory?: IdleExpiringMapOptions;
}

/**
 * Keeps a customer record per channel user up to date (profile, first and last seen) from the
 * activities customers send. The write is not awaited by the turn; a failure is logged and the
 * next activity of that customer writes again. A customer who keeps writing with the same
 * profile is written at most once per `refreshMs` ("last seen" is that precise), which keeps
 * the store out of the hot path of a busy conversation. What it remembers per customer is bounded in size and
 * forgotten when idle ({@link forgetIdle}).
 */
export class CustomerTrackingMiddleware implements Middleware {
  private readonly pending = new Set<Promise<void>>();
  /** Per customer: when they were last written and with which profile. */
  private readonly written: IdleExpiringMap<string, { at: number; profile: string }>;
  private readonly refreshMs: number;

  constructor(
    private readonly customers: CustomerRepository,
    private readonly logger: Logger,
    options: CustomerTrackingOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 60_000;
    this.written = new IdleExpiringMap(options.memory ?? { idleMs: 10 * 60 * 1000, max: 50_000 });
  }

  /** Customers remembered in memory now. */
  get rememberedCustomers(): number {
    return this.written.size;
  }

  /** Forgets customers idle for the memory's idle time (their next activity writes again). */
  forgetIdle(): void {
    this.written.sweep();
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const sighting = sightingOf(context.activity);
    if (sighting && this.isNews(sighting)) {
      const write = this.customers
        .recordSeen(sighting)
        .then(() => undefined)
        .catch((error: unknown) => {
          this.written.delete(`${sighting.channelId}:${sighting.userId}`);
          this.logger.warn({ err: error, channelId: sighting.channelId, userId: sighting.userId }, 'could not record customer');
        })
        .finally(() => this.pending.delete(write));
      this.pending.add(write);
    }
    await next();
  }

  /** Whether a sighting changes what is stored: a new customer, a new profile, or a stale "last seen". */
  private isNews(sighting: CustomerSighting): boolean {
    const key = `${sighting.channelId}:${sighting.userId}`;
    const profile = JSON.stringify([sighting.accountId, sighting.displayName, sighting.pictureUrl, sighting.language]);
    const previous = this.written.get(key);
    const at = sighting.at.getTime();
    if (previous && previous.profile === profile && at - previous.at < this.refreshMs) return false;
    this.written.set(key, { at, profile });
    return true;
  }

  /** Resolves when every write started so far has finished (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** What an incoming activity tells about its sender; `undefined` for bots, events without a person, unknown senders. */
function sightingOf(activity: Activity): CustomerSighting | undefined {
  const from = activity.from;
  if (!from?.id || from.role === 'bot' || from.id === 'unknown' || !activity.channelId) return undefined;
  if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.ConversationUpdate) return undefined;
  // The Emulator announces the bot itself in membersAdded; only a sender that is a member counts.
  if (activity.type === ActivityTypes.ConversationUpdate && !activity.membersAdded?.some((member) => member.id === from.id)) return undefined;
  const accountId = activity.channelId === 'line' ? activity.conversation?.id?.split(':')[0] : undefined;
  const pictureUrl: unknown = (from.properties as { pictureUrl?: unknown } | undefined)?.pictureUrl;
  return {
    channelId: activity.channelId,
    userId: from.id,
    at: activity.timestamp ? new Date(activity.timestamp) : new Date(),
    ...(accountId ? { accountId } : {}),
    ...(from.name ? { displayName: from.name } : {}),
    ...(typeof pictureUrl === 'string' ? { pictureUrl } : {}),
    ...(activity.locale ? { language: activity.locale } : {}),
  };
}
