import type { LineAccount } from './lineAccount';
import { LineApiError } from './lineApiError';
import { LineDeliveryError } from './lineDeliveryError';
import type { UndeliveredMessages } from './lineEventInbox';
import type { InboxRunOutcome } from './lineInboxWorker';
import type { LineMessageSender } from './lineMessageSender';

/**
 * Pushes what a turn could not deliver, batch by batch with each batch's own retry key, so LINE never takes one twice
 * (a batch that did get through before answers 409, which counts as delivered). The turn itself never runs again.
 *
 * @example
 * const outcome = await redeliverUndelivered(sender, account, pending.undelivered);
 */
export async function redeliverUndelivered(sender: LineMessageSender, account: LineAccount, undelivered: UndeliveredMessages): Promise<InboxRunOutcome> {
  for (const [index, batch] of undelivered.batches.entries()) {
    try {
      await sender.deliver(account, undelivered.chatId, batch.messages, undefined, () => batch.retryKey);
    } catch (error) {
      const cause = error instanceof LineDeliveryError ? error.cause : error;
      return { kind: 'failed', error: describeDeliveryFailure(cause), retryable: isRetryableDelivery(cause), undelivered: { chatId: undelivered.chatId, batches: undelivered.batches.slice(index) } };
    }
  }
  return { kind: 'done' };
}

/** Rate limits, server errors and lost answers may pass later; other refusals (400 invalid message, 403) never will. */
export function isRetryableDelivery(cause: unknown): boolean {
  return !(cause instanceof LineApiError) || cause.retryable;
}

/** The reason recorded on the inbox event. */
export function describeDeliveryFailure(cause: unknown): string {
  return `delivery to LINE failed: ${cause instanceof Error ? cause.message : String(cause)}`;
}
