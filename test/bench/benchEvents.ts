import { createHash } from 'node:crypto';
import type { FakeLineApi } from '../../src/simulator/fakeLineApi';
import { textMessageEvent, userSource, webhookBody } from '../fixtures/lineEvents';
import { signWebhook } from '../support/signedWebhook';

/** One signed callback carrying one text event, numbered so its reply can be recognised. */
export interface BenchEvent {
  /** Sequence number; the event's text is `bench-<n>`. */
  readonly n: number;
  readonly userId: string;
  /** The reply token the event carries: a reply that uses it answers this event. */
  readonly replyToken: string;
  readonly raw: Buffer;
  readonly signature: string;
}

/** `count` distinct, stable LINE user ids (`U` and 32 hex digits, as LINE's). */
export function benchUserIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `U${createHash('md5').update(`bench-user-${index}`).digest('hex')}`);
}

/**
 * Builds the benchmark's webhook callbacks: one text event each, from users taken in turn, with
 * a reply token issued by the fake LINE API (so replying is legal exactly once), signed with the
 * channel secret.
 *
 * @example
 * const events = new BenchEventFactory(fake.api, benchUserIds(200), channelSecret);
 * const { n, raw, signature } = events.next();
 */
export class BenchEventFactory {
  private sequence = 0;

  constructor(
    private readonly api: FakeLineApi,
    private readonly userIds: readonly string[],
    private readonly channelSecret: string,
  ) {
    if (userIds.length === 0) throw new Error('at least one user id is needed');
  }

  /** The next event, signed and ready to post. */
  next(): BenchEvent {
    this.sequence += 1;
    const n = this.sequence;
    const userId = this.userIds[n % this.userIds.length] ?? '';
    const replyToken = this.api.issueReplyToken(userId);
    const event = textMessageEvent({
      source: userSource(userId),
      replyToken,
      timestamp: Date.now(),
      message: { text: `bench-${n}` },
    });
    const { raw, signature } = signWebhook(webhookBody([event]), this.channelSecret);
    return { n, userId, replyToken, raw, signature };
  }
}
