import type { webhook } from '@line/bot-sdk';
import type { Activity } from 'botbuilder';
import type { InboxRun } from './lineInboxWorker';
import { describeDeliveryFailure, isRetryableDelivery } from './lineRedelivery';
import type { LineTurnOutbox } from './lineTurnOutbox';

/** What a running event turn has produced so far. */
export interface EventTurn {
  activity?: Partial<Activity>;
  outbox?: LineTurnOutbox;
}

/**
 * Runs an inbox event's turn once and says how the work queue settles it: done; failed and worth running again
 * (nothing was delivered); failed for good (part of the answer went out, so a run would repeat it); or delivered in
 * part, with the rest kept to be pushed later.
 */
export async function runEventTurnOnce(turn: EventTurn, run: () => Promise<void>, afterSettled: () => Promise<void>): Promise<InboxRun> {
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Running again would repeat what was already delivered; an operator decides.
    if ((turn.outbox?.delivered ?? 0) > 0) return { outcome: { kind: 'failed', error: `turn failed after delivering part of its answer: ${message}`, retryable: false }, afterSettled };
    return { outcome: { kind: 'failed', error: `turn failed: ${message}`, retryable: true }, afterSettled };
  }
  const failure = turn.outbox?.undelivered;
  if (failure && turn.outbox) {
    return { outcome: { kind: 'failed', error: describeDeliveryFailure(failure.cause), retryable: isRetryableDelivery(failure.cause), undelivered: { chatId: turn.outbox.chatId, batches: failure.batches } }, afterSettled };
  }
  return { outcome: { kind: 'done' }, afterSettled };
}

/** The event's reply token, when it has one. */
export function replyTokenOf(event: webhook.Event): string | undefined {
  return 'replyToken' in event && typeof event.replyToken === 'string' && event.replyToken !== '' ? event.replyToken : undefined;
}
